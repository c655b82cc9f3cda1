package io.mantis.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HashRingTest {

    private static final int KEYS = 10_000;

    private static int hash(String key) {
        // As the router does: the key's encoded bytes (here the UTF-8 form the string codec writes after its length).
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return Murmur3.hash32(bytes, 0, bytes.length, 0);
    }

    @Test
    void everyKeyMapsToOneValidIndex() {
        HashRing ring = new HashRing(3, HashRing.DEFAULT_VIRTUAL_NODES);
        int[] perIndex = new int[3];
        for (int k = 0; k < KEYS; k++) {
            int index = ring.indexFor(hash("key-" + k));
            assertTrue(index >= 0 && index < 3, "index " + index);
            assertEquals(index, ring.indexFor(hash("key-" + k)), "the same key twice");
            perIndex[index]++;
        }
        for (int count : perIndex) {
            // 128 virtual nodes keep each worker's share near a third.
            assertTrue(count > KEYS / 3 * 0.7 && count < KEYS / 3 * 1.3, "unbalanced: " + java.util.Arrays.toString(perIndex));
        }
    }

    @Test
    void independentlyBuiltRingsAgree() {
        HashRing a = new HashRing(5, HashRing.DEFAULT_VIRTUAL_NODES);
        HashRing b = new HashRing(5, HashRing.DEFAULT_VIRTUAL_NODES);
        for (int k = 0; k < KEYS; k++) {
            assertEquals(a.indexFor(hash("key-" + k)), b.indexFor(hash("key-" + k)));
        }
    }

    @Test
    void growingFromThreeToFourWorkersMovesAboutAQuarterOfTheKeys() {
        HashRing three = new HashRing(3, HashRing.DEFAULT_VIRTUAL_NODES);
        HashRing four = new HashRing(4, HashRing.DEFAULT_VIRTUAL_NODES);
        int moved = 0;
        for (int k = 0; k < KEYS; k++) {
            int before = three.indexFor(hash("key-" + k));
            int after = four.indexFor(hash("key-" + k));
            if (before != after) {
                moved++;
                assertEquals(3, after, "a key may only move to the new worker");
            }
        }
        double share = moved / (double) KEYS;
        assertTrue(share > 0.15 && share < 0.35, "moved " + share + " of the keys");
    }

    @Test
    void lookupsAgreeWithAPlainSearchOfTheRing() {
        for (int workers : new int[] {1, 2, 3, 7}) {
            HashRing ring = new HashRing(workers, HashRing.DEFAULT_VIRTUAL_NODES);
            // The ring spelled out: every point with its owner, in signed order.
            long[] points = new long[workers * HashRing.DEFAULT_VIRTUAL_NODES];
            int n = 0;
            for (int w = 0; w < workers; w++) {
                for (int v = 0; v < HashRing.DEFAULT_VIRTUAL_NODES; v++) {
                    points[n++] = (long) Murmur3.hash32(w, v, HashRing.POINT_SEED) << 32 | w;
                }
            }
            java.util.Arrays.sort(points);
            java.util.SplittableRandom random = new java.util.SplittableRandom(workers);
            for (int k = 0; k < 20_000; k++) {
                int hash = switch (k) {
                    case 0 -> Integer.MIN_VALUE;
                    case 1 -> Integer.MAX_VALUE;
                    case 2 -> 0;
                    default -> k % 3 == 0 ? (int) (points[random.nextInt(points.length)] >> 32) : random.nextInt();
                };
                int expected = (int) points[0];
                for (long p : points) {
                    if ((int) (p >> 32) >= hash) {
                        expected = (int) p;
                        break;
                    }
                }
                assertEquals(expected, ring.indexFor(hash), "hash " + hash + " with " + workers + " workers");
            }
        }
    }

    @Test
    void murmur3MatchesTheReferenceVectors() {
        // Published MurmurHash3_x86_32 values (also what Guava's murmur3_32_fixed gives), so routing is stable
        // across JVMs and versions.
        assertEquals(0x2e4ff723, murmur("The quick brown fox jumps over the lazy dog", 0));
        assertEquals(0xfaf6cdb3, murmur("Hello, world!", 1234));
        assertEquals(0xb3dd93fa, murmur("abc", 0));
        assertEquals(0x98b115a0, murmur("key-1", 0));
        assertEquals(0, murmur("", 0));
        assertEquals(0x9803d012, Murmur3.hash32(3, 17, 7));
    }

    private static int murmur(String text, int seed) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[bytes.length + 6];
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        int hash = Murmur3.hash32(bytes, 0, bytes.length, seed);
        assertEquals(hash, Murmur3.hash32(padded, 3, bytes.length, seed), "offset must not matter");
        return hash;
    }
}
