package io.mantis.executor.agent;

/** A local agent: registers with the master by heartbeat, launches and supervises worker JVMs. */
public final class EmbeddedAgent implements AutoCloseable {

    private EmbeddedAgent() {
    }

    /** Starts the agent's HTTP server and heartbeats; returns at once (the master may not be up yet). */
    public static EmbeddedAgent start(AgentConfig config) {
        throw new UnsupportedOperationException("not yet built");
    }

    /** Stops heartbeating and kills every worker it started. Idempotent. */
    @Override
    public void close() {
    }
}
