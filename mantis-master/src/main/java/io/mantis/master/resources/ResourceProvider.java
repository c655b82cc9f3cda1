package io.mantis.master.resources;

import io.mantis.protocol.LaunchRequest;
import java.util.List;

/**
 * Where leases come from and where placed workers go: the embedded agents, or Mesos. The scheduler sees only
 * {@link Lease}s; the job manager sees only {@link WorkerStatus}es. Implementations call the listener from any thread.
 */
public interface ResourceProvider extends AutoCloseable {

    /** Starts producing leases and statuses for {@code listener}. Called once. */
    void start(ResourceListener listener);

    /**
     * Launches workers on one agent, consuming every lease the scheduler used for that agent (all of them, in one
     * call, as a Mesos ACCEPT must). Returns at once; success or failure arrives as {@link WorkerStatus}es.
     */
    void launch(String agentId, List<String> leaseIds, List<LaunchRequest> workers);

    /** Gives unused leases back (a Mesos DECLINE); the resources are offered again later. */
    void decline(List<String> leaseIds);

    /** Stops a worker; its end arrives as a {@link WorkerStatus}. Unknown workers are ignored. */
    void kill(String agentId, String workerId, String reason);

    /** Every agent this provider knows, with its pool, state and the resources its workers use. */
    List<AgentState> agents();

    /**
     * The pool manager released this agent (nothing runs there; its scaler stops or returns it): it takes no new work
     * from now on, and its going away is expected, not a loss. The embedded agents rescind its leases, refuse
     * launches to it, and drop it from {@link #agents()} without reporting it lost once it falls silent. The default
     * does nothing, for providers that see a released agent go by other means (Mesos reports it gone). Unknown ids
     * are ignored; any thread may call it.
     */
    default void forget(String agentId) {
    }

    /** What each worker costs beyond its machine definition on this provider's agents. */
    default ExecutorOverhead executorOverhead() {
        return ExecutorOverhead.NONE;
    }

    @Override
    void close();
}
