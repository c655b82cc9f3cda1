package io.mantis.master.job;

import io.mantis.protocol.WorkerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A mutable working copy of one {@link Job} while the machine applies one event, collecting the effects. Confined to
 * the calling thread; never escapes the machine.
 */
final class JobDraft {

    private final JobSpec spec;
    private JobState state;
    private String reason;
    private Long endedAt;
    private final TreeMap<Integer, Integer> counts;
    private final Map<Long, Worker> workers = new TreeMap<>();
    private final Map<Long, Worker> retired = new TreeMap<>();
    private final List<JobEffect> effects = new ArrayList<>();

    JobDraft(Job job) {
        spec = job.spec();
        state = job.state();
        reason = job.reason();
        endedAt = job.endedAt();
        counts = new TreeMap<>(job.stageWorkers());
        job.workers().forEach(this::put);
        job.retired().forEach(w -> retired.put(slot(w.stage(), w.index()), w));
    }

    JobSpec spec() {
        return spec;
    }

    JobState state() {
        return state;
    }

    void state(JobState next) {
        state = next;
    }

    void ended(JobState end, String why, long now) {
        state = end;
        reason = why;
        endedAt = now;
    }

    int count(int stage) {
        return counts.get(stage);
    }

    void count(int stage, int workerCount) {
        counts.put(stage, workerCount);
    }

    /** The current worker with exactly this id, if it is live. */
    Optional<Worker> live(WorkerId id) {
        Worker w = workers.get(slot(id.stage(), id.index()));
        return w != null && w.workerId().equals(id) && w.live() ? Optional.of(w) : Optional.empty();
    }

    Optional<Worker> current(int stage, int index) {
        return Optional.ofNullable(workers.get(slot(stage, index)));
    }

    /** All current workers in stage and index order (a copy: safe to change the draft while walking it). */
    List<Worker> workers() {
        return List.copyOf(workers.values());
    }

    void put(Worker w) {
        workers.put(slot(w.stage(), w.index()), w);
    }

    /** Moves the current worker of this slot to the retired ones, as it is given. */
    void retire(Worker w) {
        workers.remove(slot(w.stage(), w.index()));
        retired.put(slot(w.stage(), w.index()), w);
    }

    /** Takes back the retired worker of this slot, if one was retired. */
    Optional<Worker> unretire(int stage, int index) {
        return Optional.ofNullable(retired.remove(slot(stage, index)));
    }

    void emit(JobEffect effect) {
        effects.add(effect);
    }

    /** A placement request for {@code w}, shaped by the job's duration type and the stage's machine. */
    JobEffect.PlaceWorker placement(Worker w) {
        DurationType type = spec.durationType();
        return new JobEffect.PlaceWorker(w, type.pool(), spec.stage(w.stage()).machine(), type.tier());
    }

    Transition build() {
        Job job = new Job(spec, state, counts, new ArrayList<>(workers.values()), new ArrayList<>(retired.values()),
                reason, endedAt);
        return new Transition(job, effects);
    }

    // Stage in the high bits so the natural order of the keys is stage, then index.
    private static long slot(int stage, int index) {
        return ((long) stage << 32) | index;
    }
}
