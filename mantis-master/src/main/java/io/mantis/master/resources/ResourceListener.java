package io.mantis.master.resources;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Receives what a {@link ResourceProvider} learns. Callbacks may come from any thread and must not block. */
public interface ResourceListener {

    /** New free resources on an agent. */
    void onLease(Lease lease);

    /** A lease that may no longer be used (a Mesos RESCIND, or its agent went away). */
    void onLeaseRescinded(String leaseId);

    /** An agent is gone (silent past its timeout, or a Mesos agent failure): its workers are lost. */
    void onAgentLost(String agentId, String reason);

    /**
     * A worker's state as its agent reports it. Reports come at least once: the returned stage completes when the
     * resulting state is stored, and only then does the provider acknowledge the report to the agent.
     */
    CompletionStage<Void> onWorkerStatus(WorkerStatus status);

    /**
     * Every placed worker that has not ended, by id, with the agent it runs on: what a provider reconciles against
     * (Mesos explicit reconciliation after each SUBSCRIBED). May block briefly; never call it while holding a lock
     * the listener's own thread might need.
     */
    Map<String, String> liveWorkers();
}
