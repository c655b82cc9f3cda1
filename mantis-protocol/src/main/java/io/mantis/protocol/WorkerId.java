package io.mantis.protocol;

import java.util.Objects;

/**
 * A worker's id, also its task id on Mesos: {@code <jobId>-<stage>-<index>-<number>}. It never repeats: a replacement
 * keeps stage and index and gets the next number. Job ids contain dashes themselves, so parsing reads from the right.
 */
public record WorkerId(String jobId, int stage, int index, int number) {

    public WorkerId {
        Objects.requireNonNull(jobId, "jobId is null");
        if (jobId.isEmpty()) {
            throw new IllegalArgumentException("jobId is empty");
        }
        if (stage < 1 || index < 0 || number < 1) {
            throw new IllegalArgumentException("stage must be >= 1, index >= 0 and number >= 1, got stage " + stage
                    + ", index " + index + ", number " + number);
        }
    }

    /** @throws IllegalArgumentException naming the text when it is not {@code <jobId>-<stage>-<index>-<number>} */
    public static WorkerId parse(String text) {
        Objects.requireNonNull(text, "text is null");
        String[] parts = text.split("-");
        if (parts.length < 4) {
            throw new IllegalArgumentException("not a worker id: '" + text + "' (expected <jobId>-<stage>-<index>-<number>)");
        }
        try {
            int n = parts.length;
            int stage = Integer.parseInt(parts[n - 3]);
            int index = Integer.parseInt(parts[n - 2]);
            int number = Integer.parseInt(parts[n - 1]);
            String jobId = text.substring(0, text.length() - parts[n - 3].length() - parts[n - 2].length()
                    - parts[n - 1].length() - 3);
            return new WorkerId(jobId, stage, index, number);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a worker id: '" + text
                    + "' (expected <jobId>-<stage>-<index>-<number>): " + e.getMessage(), e);
        }
    }

    public WorkerId next() {
        return new WorkerId(jobId, stage, index, number + 1);
    }

    @Override
    public String toString() {
        return jobId + "-" + stage + "-" + index + "-" + number;
    }
}
