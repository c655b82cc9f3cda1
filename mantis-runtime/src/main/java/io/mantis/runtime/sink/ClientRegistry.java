package io.mantis.runtime.sink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The connected clients, arranged in {@link ClientGroup}s by clientId.
 *
 * <p>Threading: connects and disconnects (from any event loop) change the registry under {@link #lock};
 * the publisher reads {@link #groups()}, a volatile snapshot, without locking. Connects are rare next to
 * events, so copying on change is the cheap side.
 */
final class ClientRegistry {

    private static final ClientGroup[] NONE = new ClientGroup[0];

    private final Object lock = new Object();
    /** Groups with a clientId, by that id. Guarded by {@link #lock}. */
    private final Map<String, ClientGroup> named = new HashMap<>();
    /** Every group, named or not. Written under {@link #lock}. */
    private volatile ClientGroup[] groups = NONE;

    void add(SseClient client) {
        synchronized (lock) {
            String id = client.clientId();
            ClientGroup group = id == null ? null : named.get(id);
            if (group != null) {
                group.add(client);
            } else {
                group = new ClientGroup(id, client);
                if (id != null) {
                    named.put(id, group);
                }
                ClientGroup[] g = groups;
                ClientGroup[] grown = Arrays.copyOf(g, g.length + 1);
                grown[g.length] = group;
                groups = grown;
            }
        }
    }

    /** Idempotent. */
    void remove(SseClient client) {
        synchronized (lock) {
            ClientGroup[] g = groups;
            for (int i = 0; i < g.length; i++) {
                ClientGroup group = g[i];
                if (group.remove(client)) {
                    if (group.isEmpty()) {
                        if (group.clientId() != null) {
                            named.remove(group.clientId());
                        }
                        ClientGroup[] shrunk = new ClientGroup[g.length - 1];
                        System.arraycopy(g, 0, shrunk, 0, i);
                        System.arraycopy(g, i + 1, shrunk, i, g.length - i - 1);
                        groups = shrunk;
                    }
                    return;
                }
            }
        }
    }

    /** A snapshot for the publisher; do not modify. */
    ClientGroup[] groups() {
        return groups;
    }

    /** Computed from a snapshot of the groups, without locking; meant for status reports, not hot paths. */
    int clientCount() {
        int count = 0;
        for (ClientGroup group : groups) {
            count += group.members().length;
        }
        return count;
    }

    /** A snapshot of every client. */
    List<SseClient> clients() {
        List<SseClient> all = new ArrayList<>();
        for (ClientGroup group : groups) {
            all.addAll(Arrays.asList(group.members()));
        }
        return all;
    }
}
