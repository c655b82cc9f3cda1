package io.mantis.bench.common;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Properties;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What a discarding sink observed in one run: events received, the first and last receipt times, the
 * end-to-end latency of each event ({@code now - createdNanos}), and the counting operator's totals for the
 * loss check (sum of per-key counts must equal events received).
 *
 * <p>Every system's sink does exactly this per event: one {@code System.nanoTime()}, two counter updates and
 * one histogram record, so the sink costs the same everywhere. The first {@code warmupEvents} events are
 * counted but their latency is not recorded: a fresh worker JVM's first second is JIT compilation, and the
 * latency figure is meant to show the steady state. Timestamps are {@code System.nanoTime()}, which on Linux
 * is CLOCK_MONOTONIC and so comparable between processes of one host.
 *
 * <p>Not thread-safe: one instance per sink thread; {@link #merge} combines them afterwards. Results cross
 * process boundaries as a small properties file ({@link #writeTo}, {@link #readFrom}).
 */
public final class SinkStats {

    private final long warmupEvents;
    private final Histogram latencyNanos = new Histogram(3);
    private long received;
    private long firstNanos = Long.MAX_VALUE;
    private long lastNanos = Long.MIN_VALUE;
    private long keyCountSum;
    private long distinctKeys;

    public SinkStats(long warmupEvents) {
        this.warmupEvents = warmupEvents;
    }

    /** One event arrived; {@code createdNanos} is the source's {@code System.nanoTime()} at creation. */
    public void record(long createdNanos) {
        long now = System.nanoTime();
        if (received == 0) {
            firstNanos = now;
        }
        lastNanos = now;
        if (received >= warmupEvents) {
            latencyNanos.recordValue(Math.max(0, now - createdNanos));
        }
        received++;
    }

    /** The counting operator's final state: the sum of its per-key counts, and how many keys it saw. */
    public void addCounts(long sumOfCounts, long keys) {
        keyCountSum += sumOfCounts;
        distinctKeys += keys;
    }

    /** Adds {@code other}'s observations to this one (for sinks with several parallel instances). */
    public void merge(SinkStats other) {
        received += other.received;
        firstNanos = Math.min(firstNanos, other.firstNanos);
        lastNanos = Math.max(lastNanos, other.lastNanos);
        latencyNanos.add(other.latencyNanos);
        keyCountSum += other.keyCountSum;
        distinctKeys += other.distinctKeys;
    }

    public long received() {
        return received;
    }

    public long keyCountSum() {
        return keyCountSum;
    }

    public long distinctKeys() {
        return distinctKeys;
    }

    /** Events per second between the first and the last receipt; NaN with fewer than two events. */
    public double eventsPerSecond() {
        if (received < 2 || lastNanos <= firstNanos) {
            return Double.NaN;
        }
        return received * 1e9 / (lastNanos - firstNanos);
    }

    /** Latency percentile in milliseconds; NaN when no latency was recorded. */
    public double latencyMillis(double percentile) {
        if (latencyNanos.getTotalCount() == 0) {
            return Double.NaN;
        }
        return latencyNanos.getValueAtPercentile(percentile) / 1e6;
    }

    /** Writes this as a properties file, atomically, so a reader never sees half of it. */
    public void writeTo(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("received", Long.toString(received));
        p.setProperty("firstNanos", Long.toString(firstNanos));
        p.setProperty("lastNanos", Long.toString(lastNanos));
        p.setProperty("keyCountSum", Long.toString(keyCountSum));
        p.setProperty("distinctKeys", Long.toString(distinctKeys));
        ByteBuffer buffer = ByteBuffer.allocate(latencyNanos.getNeededByteBufferCapacity());
        int length = latencyNanos.encodeIntoCompressedByteBuffer(buffer);
        p.setProperty("latencyNanos", Base64.getEncoder().encodeToString(
                java.util.Arrays.copyOf(buffer.array(), length)));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "data-plane benchmark sink result");
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Reads a file written by {@link #writeTo}. */
    public static SinkStats readFrom(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        SinkStats s = new SinkStats(0);
        s.received = longProperty(p, "received", file);
        s.firstNanos = longProperty(p, "firstNanos", file);
        s.lastNanos = longProperty(p, "lastNanos", file);
        s.keyCountSum = longProperty(p, "keyCountSum", file);
        s.distinctKeys = longProperty(p, "distinctKeys", file);
        try {
            byte[] bytes = Base64.getDecoder().decode(p.getProperty("latencyNanos", ""));
            s.latencyNanos.add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0));
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IOException(file + ": latency histogram is unreadable: " + e.getMessage(), e);
        }
        return s;
    }

    private static long longProperty(Properties p, String name, Path file) throws IOException {
        String v = p.getProperty(name);
        if (v == null) {
            throw new IOException(file + " has no '" + name + "': not written by SinkStats.writeTo");
        }
        return Long.parseLong(v.trim());
    }
}
