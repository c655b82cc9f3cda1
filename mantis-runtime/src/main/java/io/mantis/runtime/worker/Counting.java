package io.mantis.runtime.worker;

import io.micrometer.core.instrument.Counter;
import io.reactivex.rxjava3.core.Flowable;

/**
 * Counts the events of a stream into a Micrometer counter without a per-event atomic: the count is kept in
 * a plain field (a Flowable signals from one thread at a time) and added every 1024 events and when the stream
 * ends (not when it is cancelled).
 */
final class Counting {

    private static final int FLUSH_EVERY = 1024;

    private Counting() {
    }

    static <T> Flowable<T> counted(Flowable<T> source, Counter counter) {
        return Flowable.defer(() -> {
            long[] pending = {0};
            return source
                    .doOnNext(e -> {
                        if (++pending[0] == FLUSH_EVERY) {
                            counter.increment(FLUSH_EVERY);
                            pending[0] = 0;
                        }
                    })
                    // Flushed with the terminal signal, which is serialized with onNext; a cancel can come from
                    // another thread while onNext runs, so what is pending then is left uncounted.
                    .doOnComplete(() -> counter.increment(pending[0]))
                    .doOnError(e -> counter.increment(pending[0]));
        });
    }
}
