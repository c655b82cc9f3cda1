package io.mantis.runtime.sink;

import java.time.Duration;
import java.util.Objects;

/**
 * The tunables of one {@link SseSinkServer}: how events are batched per client and when a client counts as
 * too slow.
 *
 * <p>Memory bound: a client holds at most {@code maxPendingBytes} (plus one event) in its batch and about
 * {@code highWaterMark + maxPendingBytes} in Netty's outbound buffer; beyond that its events are dropped.
 *
 * @param linger            how long the first event of a batch may wait for more before it is flushed
 * @param flushBytes        a client's batch is flushed at once when it reaches this many bytes
 * @param maxPendingBytes   a client whose unflushed batch holds this many bytes misses further events
 * @param lowWaterMark      Netty's outbound buffer level at which a slow client's channel is writable again
 * @param highWaterMark     Netty's outbound buffer level above which a client's channel is not writable and
 *                          it misses events
 * @param heartbeatInterval how often each client gets a {@code : ping} comment, so that proxies and idle
 *                          detectors on the way see traffic on a quiet stream
 * @param finishGrace       how long a client may take to read the final event before its connection is closed
 */
record SseSinkSettings(Duration linger, int flushBytes, int maxPendingBytes, int lowWaterMark, int highWaterMark,
                       Duration heartbeatInterval, Duration finishGrace) {

    static final SseSinkSettings DEFAULTS = new SseSinkSettings(Duration.ofMillis(10), 8 * 1024, 256 * 1024,
            32 * 1024, 256 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(5));

    SseSinkSettings {
        Objects.requireNonNull(linger, "linger is null");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval is null");
        Objects.requireNonNull(finishGrace, "finishGrace is null");
        requirePositive(linger, "linger");
        requirePositive(heartbeatInterval, "heartbeatInterval");
        requirePositive(finishGrace, "finishGrace");
        if (flushBytes < 1) {
            throw new IllegalArgumentException("flushBytes must be at least 1, got " + flushBytes);
        }
        if (maxPendingBytes < flushBytes) {
            throw new IllegalArgumentException("maxPendingBytes (" + maxPendingBytes
                    + ") must be at least flushBytes (" + flushBytes + "), or every batch would be dropped");
        }
        if (lowWaterMark < 1 || highWaterMark < lowWaterMark) {
            throw new IllegalArgumentException("water marks must satisfy 1 <= low <= high, got low "
                    + lowWaterMark + " and high " + highWaterMark);
        }
    }

    SseSinkSettings withHeartbeatInterval(Duration interval) {
        return new SseSinkSettings(linger, flushBytes, maxPendingBytes, lowWaterMark, highWaterMark, interval,
                finishGrace);
    }

    private static void requirePositive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
