package io.mantis.runtime.transport;

/**
 * MurmurHash3, x86 32-bit variant: a fast, well-mixed hash whose value depends only on the bytes, so every
 * JVM of a job (and every version of it) routes a key to the same place. {@code Object.hashCode} gives no
 * such promise for most types, which is why routing hashes the key's encoded bytes with this instead.
 */
final class Murmur3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {
    }

    static int hash32(byte[] data, int offset, int length, int seed) {
        int h = seed;
        int end = offset + (length & ~3);
        for (int i = offset; i < end; i += 4) {
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | data[i + 3] << 24;
            h ^= mixK(k);
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        int tail = length & 3;
        if (tail != 0) {
            int k = data[end] & 0xff;
            if (tail > 1) {
                k |= (data[end + 1] & 0xff) << 8;
            }
            if (tail > 2) {
                k |= (data[end + 2] & 0xff) << 16;
            }
            h ^= mixK(k);
        }
        return fmix(h ^ length);
    }

    /** The hash of two ints laid out as 8 little-endian bytes, without building the array. */
    static int hash32(int first, int second, int seed) {
        int h = seed;
        h ^= mixK(first);
        h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        h ^= mixK(second);
        h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        return fmix(h ^ 8);
    }

    private static int mixK(int k) {
        return Integer.rotateLeft(k * C1, 15) * C2;
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
