package io.mantis.master.job;

import io.mantis.protocol.WorkerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A job as stored: everything a new leader needs to carry on. Immutable and Jackson-serialisable as it is.
 *
 * @param stageWorkers stage number to its current worker count (changed by scaling)
 * @param workers      the current worker of every stage and index below that stage's count, ordered by stage and
 *                     index; a failed worker is replaced here at once by its successor
 * @param retired      the last worker of each index removed by scaling down, kept so a later scale-up continues its
 *                     numbering (worker ids never repeat)
 * @param reason       why the job ended; null while active
 * @param endedAt      when it ended (epoch ms); null while active
 * @throws IllegalArgumentException when the workers do not cover every stage index exactly once
 */
public record Job(JobSpec spec, JobState state, Map<Integer, Integer> stageWorkers, List<Worker> workers,
                  List<Worker> retired, String reason, Long endedAt) {

    private static final Comparator<Worker> BY_SLOT =
            Comparator.comparingInt(Worker::stage).thenComparingInt(Worker::index);

    public Job {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(state, () -> "job " + spec.id() + ": state is null");
        stageWorkers = Collections.unmodifiableMap(new TreeMap<>(stageWorkers));
        workers = sorted(workers);
        retired = sorted(retired == null ? List.of() : retired);
        checkLayout(spec, stageWorkers, workers);
    }

    public String id() {
        return spec.id();
    }

    /** True until the job reaches COMPLETED, FAILED or KILLED. */
    public boolean active() {
        return !state.ended();
    }

    /** The current worker count of {@code stage}; 0 for a stage the job does not have. */
    public int workerCount(int stage) {
        return stageWorkers.getOrDefault(stage, 0);
    }

    /** The worker with exactly this id (stage, index and number), if it is the current one of its index. */
    public Optional<Worker> worker(WorkerId workerId) {
        return worker(workerId.stage(), workerId.index()).filter(w -> w.workerId().equals(workerId));
    }

    /** The current worker of {@code stage} and {@code index}, if the stage has that index. */
    public Optional<Worker> worker(int stage, int index) {
        return workers.stream().filter(w -> w.stage() == stage && w.index() == index).findFirst();
    }

    /** The current workers of {@code stage}, by index; empty for a stage the job does not have. */
    public List<Worker> workers(int stage) {
        return workers.stream().filter(w -> w.stage() == stage).toList();
    }

    /** Failures in a row of this index before its current launch (0 for an index that has not failed). */
    public int failures(int stage, int index) {
        return worker(stage, index).map(Worker::failures).orElse(0);
    }

    private static List<Worker> sorted(List<Worker> list) {
        List<Worker> copy = new ArrayList<>(list);
        copy.sort(BY_SLOT);
        return List.copyOf(copy);
    }

    private static void checkLayout(JobSpec spec, Map<Integer, Integer> counts, List<Worker> workers) {
        if (counts.size() != spec.stages().size()) {
            throw new IllegalArgumentException("job " + spec.id() + ": stageWorkers " + counts
                    + " must give a count for each of stages 1.." + spec.stages().size());
        }
        int position = 0;
        for (int stage = 1; stage <= spec.stages().size(); stage++) {
            Integer count = counts.get(stage);
            if (count == null || count < 1) {
                throw new IllegalArgumentException("job " + spec.id() + ": stage " + stage
                        + " needs a worker count >= 1, got " + count);
            }
            for (int index = 0; index < count; index++, position++) {
                Worker w = position < workers.size() ? workers.get(position) : null;
                if (w == null || w.stage() != stage || w.index() != index || !w.workerId().jobId().equals(spec.id())) {
                    throw new IllegalArgumentException("job " + spec.id() + ": expected the worker of stage " + stage
                            + " index " + index + ", found " + (w == null ? "none" : w.workerId()));
                }
            }
        }
        if (position != workers.size()) {
            throw new IllegalArgumentException("job " + spec.id() + ": " + (workers.size() - position)
                    + " workers beyond the stage counts " + counts);
        }
    }
}
