package io.mantis.runtime.worker;

import io.mantis.runtime.metrics.EventCount;
import io.reactivex.rxjava3.core.Flowable;

/** Counts the events of a stream as they pass; a Flowable signals from one thread at a time. */
final class Counting {

    private Counting() {
    }

    static <T> Flowable<T> counted(Flowable<T> source, EventCount count) {
        return source.doOnNext(e -> count.add(1));
    }
}
