package io.mantis.protocol;

import java.util.List;

/**
 * The master's answer to an {@link AgentHeartbeat}.
 *
 * @param kill   workers running on the agent that the master does not know or wants gone: stop them
 * @param forget exited workers whose end the master has stored: stop reporting them
 */
public record AgentHeartbeatReply(List<String> kill, List<String> forget) {

    public AgentHeartbeatReply {
        kill = kill == null ? List.of() : List.copyOf(kill);
        forget = forget == null ? List.of() : List.copyOf(forget);
    }
}
