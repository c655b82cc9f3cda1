package io.mantis.master.pools;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Agents asked of the scaler that have not joined yet, per pool, so that Fenzo's repeated asks (it does not know
 * about them) do not grow a pool past its size. Each joining agent satisfies the oldest ask of its pool; asks older
 * than a deadline lapse (the scaler may have failed). Not thread-safe: its owner's lock guards it.
 */
final class Requests {

    private final Map<String, Deque<Instant>> byPool = new HashMap<>();

    void add(String pool, int count, Instant at) {
        Deque<Instant> q = byPool.computeIfAbsent(pool, p -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            q.addLast(at);
        }
    }

    /** Takes back the newest {@code count} asks (the scaler refused them). */
    void cancel(String pool, int count) {
        Deque<Instant> q = byPool.get(pool);
        for (int i = 0; q != null && i < count && !q.isEmpty(); i++) {
            q.removeLast();
        }
    }

    void arrived(String pool) {
        Deque<Instant> q = byPool.get(pool);
        if (q != null) {
            q.pollFirst();
        }
    }

    void expire(Instant before) {
        for (Deque<Instant> q : byPool.values()) {
            while (!q.isEmpty() && q.peekFirst().isBefore(before)) {
                q.removeFirst();
            }
        }
    }

    int outstanding(String pool) {
        Deque<Instant> q = byPool.get(pool);
        return q == null ? 0 : q.size();
    }
}
