package io.mantis.master.pools;

import java.util.List;

/**
 * Grows and shrinks an agent pool; what releasing means depends on where agents come from. The embedded pool starts
 * and stops local agents; on Mesos the master drains the agent through the operator API and calls a configured
 * command or HTTP hook. Calls come from the master's pool manager, never from Fenzo's thread, and must not block long.
 */
public interface PoolScaler {

    /** Asks for {@code count} more agents in {@code pool}; they join by offering resources like any agent. */
    void scaleUp(String pool, int count);

    /** Releases agents of {@code pool} that have been drained: nothing runs there and nothing new will. */
    void release(String pool, List<String> agentIds);
}
