package io.mantis.runtime.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How a worker receives its input from the previous stage's workers.
 *
 * @param workerIndex    this worker's index in its stage, sent in the HELLO frame so keyed upstreams route
 *                       each key to exactly one index
 * @param creditWindow   events each upstream connection may have in flight towards this worker
 * @param reconnectMin   first reconnect delay after an upstream connection drops without END
 * @param reconnectMax   reconnect delays double up to this
 * @param label          names the job, stage and worker in log lines and errors
 */
public record InboundConfig(int workerIndex, int creditWindow, Duration reconnectMin, Duration reconnectMax,
                            String label) {

    public InboundConfig {
        Objects.requireNonNull(reconnectMin, "reconnectMin is null");
        Objects.requireNonNull(reconnectMax, "reconnectMax is null");
        Objects.requireNonNull(label, "label is null");
        if (workerIndex < 0) {
            throw new IllegalArgumentException(label + ": workerIndex must not be negative");
        }
        if (creditWindow < 1) {
            throw new IllegalArgumentException(label + ": creditWindow must be at least 1, was " + creditWindow);
        }
    }

    public static InboundConfig defaults(String label, int workerIndex) {
        return new InboundConfig(workerIndex, 16 * 1024, Duration.ofMillis(50), Duration.ofSeconds(2), label);
    }
}
