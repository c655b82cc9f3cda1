package io.mantis.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliException;
import io.mantis.cli.client.MasterClient;
import io.mantis.cli.output.Formats;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls {@code GET /jobs/{id}} until every worker of the job has started, printing {@code n/m workers started}
 * each time the count changes. Runs on the caller's thread.
 */
final class JobWaiter {

    private final MasterClient client;
    private final Duration pollInterval;
    private final PrintWriter progress;

    JobWaiter(MasterClient client, Duration pollInterval, PrintWriter progress) {
        this.client = client;
        this.pollInterval = pollInterval;
        this.progress = progress;
    }

    /**
     * @return the job as last read, with all workers started
     * @throws CliException if the job ends first (with its state and reason), the wait times out, or the thread
     *                      is interrupted
     */
    JsonNode awaitStarted(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String path = "/jobs/" + MasterClient.segment(id);
        String last = null;
        while (true) {
            JsonNode job = client.get(path);
            JobState state = JobState.of(job);
            if (state.ended()) {
                throw new CliException(state.endedMessage());
            }
            String line = state.started() + "/" + state.total() + " workers started";
            if (!line.equals(last)) {
                progress.println(line);
                progress.flush();
                last = line;
            }
            if (state.allStarted()) {
                return job;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new CliException("job " + id + ": " + line + " after " + Formats.duration(timeout) + "; see "
                        + "`mantis job status " + id + "`, or wait longer with --wait-timeout");
            }
            // Polling the master is the only way to learn of progress; wait one interval (or what is left).
            LockSupport.parkNanos(Math.min(left, pollInterval.toNanos()));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted while waiting for job " + id);
            }
        }
    }
}
