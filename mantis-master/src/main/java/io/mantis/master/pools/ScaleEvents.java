package io.mantis.master.pools;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The latest scale events, oldest first, at most a fixed number. Not thread-safe: its owner's lock guards it. */
final class ScaleEvents {

    private final int max;
    private final Deque<ScaleEvent> events = new ArrayDeque<>();

    ScaleEvents(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1, got " + max);
        }
        this.max = max;
    }

    void add(ScaleEvent event) {
        if (events.size() == max) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    List<ScaleEvent> list() {
        return List.copyOf(events);
    }
}
