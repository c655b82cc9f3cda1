package io.mantis.protocol;

/** Sent by the master to an agent's {@code POST /kill}: stop one worker (SIGTERM, then SIGKILL after a grace period). */
public record KillRequest(String workerId, String reason) {
}
