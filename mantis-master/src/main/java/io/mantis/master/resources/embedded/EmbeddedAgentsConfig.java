package io.mantis.master.resources.embedded;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link EmbeddedAgents} treats its agents.
 *
 * @param agentTimeout      an agent silent this long is lost, and its workers with it
 * @param apiToken          sent as {@code Authorization: Bearer} on every launch and kill; null when the master has none
 * @param livenessCheck     how often silent agents are looked for
 * @param reofferDelay      how long a declined lease rests before its resources are offered again
 * @param missingHeartbeats heartbeats in a row that may leave out a worker the agent accepted before it is LOST
 * @param requestTimeout    how long a launch or kill POST may take before it counts as failed
 */
public record EmbeddedAgentsConfig(Duration agentTimeout, String apiToken, Duration livenessCheck,
                                   Duration reofferDelay, int missingHeartbeats, Duration requestTimeout) {

    public EmbeddedAgentsConfig {
        requirePositive(agentTimeout, "agentTimeout");
        requirePositive(livenessCheck, "livenessCheck");
        requirePositive(reofferDelay, "reofferDelay");
        requirePositive(requestTimeout, "requestTimeout");
        if (missingHeartbeats < 1) {
            throw new IllegalArgumentException("missingHeartbeats is " + missingHeartbeats + ": use 1 or more");
        }
        if (apiToken != null && apiToken.isBlank()) {
            throw new IllegalArgumentException("apiToken is blank: pass null for no token");
        }
    }

    /** Checks every second, re-offers declined leases after a second, tolerates 3 heartbeats, 10 s per request. */
    public static EmbeddedAgentsConfig defaults(Duration agentTimeout, String apiToken) {
        return new EmbeddedAgentsConfig(agentTimeout, apiToken, Duration.ofSeconds(1), Duration.ofSeconds(1), 3,
                Duration.ofSeconds(10));
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name + " is null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " is " + d + ": use a positive duration");
        }
    }
}
