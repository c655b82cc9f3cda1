package io.mantis.runtime.transport;

import io.mantis.sdk.Codec;
import io.mantis.sdk.Keyed;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides which downstream connection an event goes to.
 *
 * <ul>
 *   <li>Keyed (a key codec is given): the key is encoded into a reused {@link KeyScratch}, those bytes are hashed
 *       with {@link Murmur3} and looked up in a {@link HashRing} over the downstream worker indices. The
 *       answer may be a connection without credit, or none when that index is not connected.</li>
 *   <li>Otherwise round-robin at frame granularity: the current connection keeps the events until its frame
 *       is flushed ({@link #flushed}), then the next one takes over; connections without credit are skipped,
 *       and the answer is null only when no connection has credit.</li>
 * </ul>
 *
 * <p>Not thread-safe: guarded by the owning {@link OutboundFlow}'s lock.
 */
final class Router<T> {

    private static final OutboundConnection[] NONE = new OutboundConnection[0];

    private final Codec<Object> keyCodec;
    private final KeyScratch scratch;

    private HashRing ring;
    private OutboundConnection[] byIndex = NONE;
    private OutboundConnection[] connected = NONE;
    private int cursor;

    @SuppressWarnings("unchecked")
    Router(Codec<?> keyCodec, int downstreamWorkers) {
        this.keyCodec = (Codec<Object>) keyCodec;
        if (keyCodec != null) {
            scratch = new KeyScratch();
            ring = new HashRing(downstreamWorkers, HashRing.DEFAULT_VIRTUAL_NODES);
        } else {
            scratch = null;
        }
    }

    /** Rebuilds the ring for {@code count} downstream workers (keyed routing only). */
    void setDownstreamWorkers(int count) {
        if (keyCodec != null && ring.workers() != count) {
            ring = new HashRing(count, HashRing.DEFAULT_VIRTUAL_NODES);
        }
    }

    /** Where {@code event} should go now; see the class comment for what null means. */
    OutboundConnection target(T event) throws IOException {
        if (keyCodec == null) {
            return roundRobin();
        }
        return connection(indexFor(event));
    }

    /** The downstream index {@code event}'s key hashes to (keyed routing only). */
    private int indexFor(T event) throws IOException {
        if (!(event instanceof Keyed<?, ?> keyed)) {
            throw new IOException("a keyed stage must emit " + Keyed.class.getName() + ", not "
                    + (event == null ? "null" : event.getClass().getName()));
        }
        scratch.reset();
        keyCodec.encode(keyed.key(), scratch);
        return ring.indexFor(Murmur3.hash32(scratch.array(), 0, scratch.size(), 0));
    }

    private OutboundConnection roundRobin() {
        OutboundConnection[] all = connected;
        int n = all.length;
        if (n == 0) {
            return null;
        }
        if (cursor >= n) {
            cursor = 0;
        }
        OutboundConnection current = all[cursor];
        if (current.credit > 0) {
            return current;
        }
        for (int i = 1; i < n; i++) {
            int candidate = (cursor + i) % n;
            if (all[candidate].credit > 0) {
                cursor = candidate;
                return all[candidate];
            }
        }
        return null;
    }

    /** A frame for {@code connection} was flushed: round-robin moves on to the next connection. */
    void flushed(OutboundConnection connection) {
        OutboundConnection[] all = connected;
        if (keyCodec == null && all.length > 1 && cursor < all.length && all[cursor] == connection) {
            cursor = (cursor + 1) % all.length;
        }
    }

    OutboundConnection connection(int index) {
        return index < byIndex.length ? byIndex[index] : null;
    }

    /** Registers a connection; the caller has removed any previous one for the same index. */
    void add(OutboundConnection connection) {
        if (connection.index >= byIndex.length) {
            byIndex = Arrays.copyOf(byIndex, connection.index + 1);
        }
        byIndex[connection.index] = connection;
        rebuildConnected();
    }

    void remove(OutboundConnection connection) {
        if (connection.index < byIndex.length && byIndex[connection.index] == connection) {
            byIndex[connection.index] = null;
            rebuildConnected();
        }
    }

    /** The registered connections, by ascending index. Do not modify. */
    OutboundConnection[] connections() {
        return connected;
    }

    private void rebuildConnected() {
        List<OutboundConnection> list = new ArrayList<>();
        for (OutboundConnection c : byIndex) {
            if (c != null) {
                list.add(c);
            }
        }
        connected = list.toArray(NONE);
    }
}
