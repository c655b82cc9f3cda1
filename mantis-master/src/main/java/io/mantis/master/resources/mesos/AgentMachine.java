package io.mantis.master.resources.mesos;

import java.util.Objects;

/**
 * The machine a Mesos agent runs on, as its offers name it: Mesos keys maintenance by machine (hostname and ip), not
 * by agent.
 *
 * @param hostname the offers' {@code hostname}; never null
 * @param ip       the offers' {@code url.address.ip}; empty when the offers carried none
 */
public record AgentMachine(String agentId, String hostname, String ip) {

    public AgentMachine {
        Objects.requireNonNull(agentId, "agentId is null");
        hostname = hostname == null ? "" : hostname;
        ip = ip == null ? "" : ip;
    }
}
