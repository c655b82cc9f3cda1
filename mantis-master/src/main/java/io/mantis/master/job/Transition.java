package io.mantis.master.job;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one event: the job to store, then the effects to run in order. An ignored event gives back the very
 * same {@code Job} instance and no effects, so the caller may skip the store write.
 */
public record Transition(Job job, List<JobEffect> effects) {

    public Transition {
        Objects.requireNonNull(job, "job is null");
        effects = List.copyOf(effects);
    }

    static Transition unchanged(Job job) {
        return new Transition(job, List.of());
    }
}
