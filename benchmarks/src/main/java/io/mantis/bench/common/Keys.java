package io.mantis.bench.common;

import java.nio.charset.StandardCharsets;

/**
 * The benchmark's key space, identical in every system: {@code count} precomputed key strings, and which key
 * event number {@code i} carries.
 *
 * <p>Keys are 53 ASCII characters (for example {@code user-00042/region-us-east-1/device-smart-tv/profile-2}),
 * so one event in the SDK codec's form (int32 length + UTF-8 key + int64) is 65 bytes, the size the reference
 * figures in {@code design/benchmarks.md} were measured with. Events cycle through the keys in order, so every
 * key gets the same share and every system sees the same sequence.
 */
public final class Keys {

    /** The distinct keys of the reference workload. */
    public static final int DEFAULT_COUNT = 10_000;

    private final String[] keys;

    public Keys(int count) {
        if (count < 1 || count > 100_000) {
            throw new IllegalArgumentException("key count must be in 1..100000 (five digits), was " + count);
        }
        keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = String.format("user-%05d/region-us-east-1/device-smart-tv/profile-%d", i, i % 10);
        }
    }

    public int count() {
        return keys.length;
    }

    /** The key of event number {@code eventNumber} (0-based). */
    public String forEvent(long eventNumber) {
        return keys[(int) (eventNumber % keys.length)];
    }

    /** Bytes of one event in the wire form: int32 length, UTF-8 key, int64 timestamp. */
    public int encodedEventBytes() {
        return 4 + keys[0].getBytes(StandardCharsets.UTF_8).length + 8;
    }
}
