package io.mantis.runtime.transport;

import io.mantis.sdk.Codec;
import java.time.Duration;
import java.util.Objects;

/**
 * How a worker serves its stage's output to the next stage.
 *
 * @param bindHost          address to listen on (127.0.0.1 locally)
 * @param port              port to listen on, 0 for any free port
 * @param keyCodec          non-null for a keyed stage: events are {@link io.mantis.sdk.Keyed} and routed by
 *                          the hash of their encoded key; null for round-robin
 * @param lossy             drop (and count) instead of waiting for credit
 * @param downstreamWorkers how many workers the next stage has (keyed routing spreads keys over them)
 * @param maxBatchBytes     flush a frame once it holds this many bytes; at most half the largest frame
 *                          ({@link Frames#MAX_FRAME_LENGTH}), so that frames are flushed by size well before
 *                          they reach that limit
 * @param maxBatchEvents    flush a frame once it holds this many events
 * @param linger            flush a non-empty frame at the latest this long after its first event
 * @param markerInterval    how often stage 1 injects a latency marker (zero: never)
 * @param label             names the job, stage and worker in log lines and errors
 */
public record OutboundConfig(String bindHost, int port, Codec<?> keyCodec, boolean lossy, int downstreamWorkers,
                             int maxBatchBytes, int maxBatchEvents, Duration linger, Duration markerInterval,
                             String label) {

    /** Largest {@link #maxBatchBytes}: half of {@link Frames#MAX_FRAME_LENGTH}. */
    public static final int MAX_BATCH_BYTES = Frames.MAX_FRAME_LENGTH / 2;

    public OutboundConfig {
        Objects.requireNonNull(bindHost, "bindHost is null");
        Objects.requireNonNull(linger, "linger is null");
        Objects.requireNonNull(markerInterval, "markerInterval is null");
        Objects.requireNonNull(label, "label is null");
        if (downstreamWorkers < 1) {
            throw new IllegalArgumentException(label + ": downstreamWorkers must be at least 1, was " + downstreamWorkers);
        }
        if (maxBatchBytes < 64 || maxBatchEvents < 1) {
            throw new IllegalArgumentException(label + ": batches need at least 64 bytes and 1 event");
        }
        if (maxBatchBytes > MAX_BATCH_BYTES) {
            throw new IllegalArgumentException(label + ": maxBatchBytes must be at most " + MAX_BATCH_BYTES
                    + " (half the largest frame of " + Frames.MAX_FRAME_LENGTH + " bytes), was " + maxBatchBytes);
        }
    }

    /** Defaults tuned on this machine kind: 32 KiB or 1024 events per frame, 5 ms linger, marker every 200 ms. */
    public static OutboundConfig defaults(String label, Codec<?> keyCodec, boolean lossy, int downstreamWorkers) {
        return new OutboundConfig("127.0.0.1", 0, keyCodec, lossy, downstreamWorkers, 32 * 1024, 1024,
                Duration.ofMillis(5), Duration.ofMillis(200), label);
    }

    public OutboundConfig withPort(String host, int newPort) {
        return new OutboundConfig(host, newPort, keyCodec, lossy, downstreamWorkers, maxBatchBytes, maxBatchEvents,
                linger, markerInterval, label);
    }

    public OutboundConfig withMarkerInterval(Duration interval) {
        return new OutboundConfig(bindHost, port, keyCodec, lossy, downstreamWorkers, maxBatchBytes, maxBatchEvents,
                linger, interval, label);
    }
}
