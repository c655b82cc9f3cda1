package io.mantis.runtime.transport;

import java.util.Arrays;

/**
 * A consistent-hash ring over worker indices {@code 0..workers-1}: each worker owns {@code virtualNodes}
 * points on a 32-bit ring, and a key belongs to the owner of the first point at or after the key's hash
 * (wrapping around). Adding a worker therefore takes about {@code 1/(workers+1)} of the keys, all of them
 * from the other workers, instead of reshuffling almost every key as {@code hash % workers} would.
 *
 * <p>Points depend only on the worker index and the virtual node number (see {@link Murmur3}), so two rings
 * built anywhere with the same arguments agree. Immutable and thread-safe.
 */
final class HashRing {

    static final int DEFAULT_VIRTUAL_NODES = 128;

    static final int POINT_SEED = 0x6d616e74; // "mant"

    private final int workers;
    private final int[] points;
    private final int[] owners;
    // A direct index over the top bits of the hash: bucketStart[b] is the first point in or after bucket b,
    // so a lookup scans a point or two instead of binary-searching (the ring is hit once per event).
    private final int shift;
    private final int[] bucketStart;

    HashRing(int workers, int virtualNodes) {
        if (workers < 1) {
            throw new IllegalArgumentException("a ring needs at least 1 worker, was " + workers);
        }
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("a ring needs at least 1 virtual node per worker, was " + virtualNodes);
        }
        this.workers = workers;
        int size = workers * virtualNodes;
        // Point in the high half, owner in the low half: one sort orders by point and breaks ties by owner,
        // so colliding points resolve the same way everywhere.
        long[] packed = new long[size];
        int n = 0;
        for (int worker = 0; worker < workers; worker++) {
            for (int vnode = 0; vnode < virtualNodes; vnode++) {
                packed[n++] = (long) Murmur3.hash32(worker, vnode, POINT_SEED) << 32 | worker;
            }
        }
        Arrays.sort(packed);
        points = new int[size];
        owners = new int[size];
        for (int i = 0; i < size; i++) {
            points[i] = (int) (packed[i] >> 32);
            owners[i] = (int) packed[i];
        }
        // About four buckets per point keeps the scan short; 2^16 buckets at most.
        int bits = Math.min(16, 34 - Integer.numberOfLeadingZeros(size));
        shift = 32 - bits;
        bucketStart = new int[1 << bits];
        int point = 0;
        for (int b = 0; b < bucketStart.length; b++) {
            while (point < size && bucket(points[point]) < b) {
                point++;
            }
            bucketStart[b] = point;
        }
    }

    /** Buckets follow the points' signed order: flipping the sign bit makes it unsigned, then the top bits. */
    private int bucket(int hash) {
        return (hash ^ Integer.MIN_VALUE) >>> shift;
    }

    int workers() {
        return workers;
    }

    /** The worker index owning {@code keyHash}. */
    int indexFor(int keyHash) {
        int[] p = points;
        int i = bucketStart[bucket(keyHash)];
        while (i < p.length && p[i] < keyHash) {
            i++;
        }
        return owners[i == p.length ? 0 : i];
    }
}
