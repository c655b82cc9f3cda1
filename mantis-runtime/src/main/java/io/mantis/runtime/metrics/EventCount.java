package io.mantis.runtime.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A count with one writer at a time (a stream's signals are serialized) and any number of readers (the
 * metrics scrape). Each add is an ordered store, not an atomic read-modify-write, so counting every event
 * costs about what a plain field does, and a scrape always sees an up-to-date total.
 */
public final class EventCount {

    private final AtomicLong value = new AtomicLong();

    /** Adds {@code n}; callers must not add concurrently. */
    public void add(long n) {
        value.lazySet(value.get() + n);
    }

    public long get() {
        return value.get();
    }
}
