package io.mantis.bench.job;

import io.mantis.bench.common.Keys;
import io.mantis.bench.common.Pacer;
import io.mantis.sdk.Context;
import io.mantis.sdk.Keyed;
import io.reactivex.rxjava3.core.Flowable;

/**
 * The benchmark source: {@code events} events of (key, {@code System.nanoTime()} at creation), keys cycling
 * through {@link Keys}, at {@code rate} events/s or as fast as downstream requests.
 *
 * <p>Built on {@code Flowable.generate}, so an event is created only when requested: with backpressure the
 * source runs exactly as fast as the next stage grants credit, and the timestamp never includes time spent
 * waiting in the source. With several workers in stage 1 each emits its share.
 */
final class EventSource {

    private EventSource() {
    }

    static Flowable<Keyed<String, Long>> create(Context ctx) {
        long total = ctx.parameters().get(DataPlaneJob.EVENTS);
        long rate = ctx.parameters().get(DataPlaneJob.RATE);
        int workers = ctx.workerCount();
        int index = ctx.workerIndex();
        // Worker i emits event numbers i, i + workers, i + 2*workers, ...: together exactly `total`.
        long mine = total / workers + (index < total % workers ? 1 : 0);
        Keys keys = new Keys(ctx.parameters().get(DataPlaneJob.KEYS));
        return Flowable.generate(() -> new State(new Pacer((double) rate / workers)), (state, emitter) -> {
            long i = state.emitted;
            if (i == mine) {
                emitter.onComplete();
                return;
            }
            state.pacer.awaitTurn(i);
            emitter.onNext(Keyed.of(keys.forEvent(index + i * workers), System.nanoTime()));
            state.emitted = i + 1;
        });
    }

    private static final class State {
        final Pacer pacer;
        long emitted;

        State(Pacer pacer) {
            this.pacer = pacer;
        }
    }
}
