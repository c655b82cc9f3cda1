package io.mantis.runtime.sink;

import java.util.Arrays;

/**
 * The clients that share one stream: each event goes to exactly one member, round-robin over the members
 * that can take it. A client without a clientId is a group of one.
 *
 * <p>Threading: {@link #offer} is called by the publishing thread only (it alone moves the round-robin
 * cursor); membership changes come from {@link ClientRegistry} under its lock and are published through a
 * volatile copy-on-write array, so the publisher never locks.
 */
final class ClientGroup {

    private final String clientId;
    private volatile SseClient[] members;
    /** Publisher-confined round-robin cursor; may point past the end after a member left. */
    private int next;

    ClientGroup(String clientId, SseClient first) {
        this.clientId = clientId;
        this.members = new SseClient[] {first};
    }

    /** The shared clientId, or {@code null} for a group of one anonymous client. */
    String clientId() {
        return clientId;
    }

    /**
     * Gives the event to the next member that accepts it.
     *
     * @return {@code false} if no member could take it: the group missed the event
     */
    boolean offer(byte[] frame) {
        SseClient[] m = members;
        int n = m.length;
        for (int i = 0; i < n; i++) {
            int index = (next + i) % n;
            if (m[index].offer(frame)) {
                next = index + 1;
                return true;
            }
        }
        return false;
    }

    // The methods below are called only by ClientRegistry, under its lock.

    void add(SseClient client) {
        SseClient[] m = members;
        SseClient[] grown = Arrays.copyOf(m, m.length + 1);
        grown[m.length] = client;
        members = grown;
    }

    /** @return whether {@code client} was a member */
    boolean remove(SseClient client) {
        SseClient[] m = members;
        for (int i = 0; i < m.length; i++) {
            if (m[i] == client) {
                SseClient[] shrunk = new SseClient[m.length - 1];
                System.arraycopy(m, 0, shrunk, 0, i);
                System.arraycopy(m, i + 1, shrunk, i, m.length - i - 1);
                members = shrunk;
                return true;
            }
        }
        return false;
    }

    SseClient[] members() {
        return members;
    }

    boolean isEmpty() {
        return members.length == 0;
    }
}
