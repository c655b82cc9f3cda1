package io.mantis.master.pools;

import java.time.Instant;
import java.util.List;

/**
 * One scale action of a pool, as {@code GET /api/v1/pools/events} lists it.
 *
 * @param action   {@link #SCALE_UP} (agentIds empty: the scaler picks them), {@link #DRAIN} or {@link #RELEASE}
 * @param agentIds the agents drained or released
 * @param reason   why, in words: "Fenzo asked for 2 more agents; 1 already requested", "3 idle agents, max idle 1"
 */
public record ScaleEvent(Instant time, String pool, String action, List<String> agentIds, int count, String reason) {

    public static final String SCALE_UP = "scale_up";
    public static final String DRAIN = "drain";
    public static final String RELEASE = "release";

    public ScaleEvent {
        agentIds = List.copyOf(agentIds);
    }
}
