package io.mantis.master.scheduler;

import java.util.List;

/**
 * Hears Fenzo's autoscaling decisions, one pool at a time. Called on the executor given to the
 * {@link WorkerScheduler}, never on Fenzo's own threads; calls for one scheduler come one at a time when that
 * executor runs tasks one at a time.
 */
public interface ScaleListener {

    /** Fenzo wants {@code count} more agents in {@code pool}: too few idle ones, or workers that fit nowhere. */
    void scaleUp(String pool, int count);

    /**
     * Fenzo found more idle agents in {@code pool} than its rule keeps, and has disabled these for the rule's
     * cool-down. It terminates nothing: the listener decides whether to drain and release them, and enables those it
     * keeps ({@link WorkerScheduler#enableAgent}).
     *
     * @param agentIds the agents, by agent id (Fenzo's name for a machine here)
     */
    void scaleDown(String pool, List<String> agentIds);
}
