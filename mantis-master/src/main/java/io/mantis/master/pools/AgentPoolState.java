package io.mantis.master.pools;

import java.util.Locale;

/** Where an agent stands in its pool, as {@code GET /api/v1/agents} and the pool metrics show it. */
public enum AgentPoolState {
    /** Runs workers. */
    ACTIVE,
    /** Runs none and takes new ones. */
    IDLE,
    /** Takes no new workers and is released once the ones it runs have ended. */
    DRAINING,
    /** Handed to the {@link PoolScaler}: nothing runs there and nothing will. */
    RELEASED,
    /** Went silent (its provider lost it) without being released. */
    LOST;

    /** The lower-case name the REST API and the metrics use. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
