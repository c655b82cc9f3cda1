package io.mantis.runtime.worker;

import io.mantis.runtime.sink.SseSinkServer;
import io.mantis.sdk.Sink;
import io.mantis.sdk.SinkConsumer;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reactivestreams.Subscription;

/**
 * Feeds the last stage's output to the job's sink. SSE and discard sinks never hold the stage back (they
 * request without bound; a slow SSE client loses events instead); a custom sink is user code and is
 * backpressured in chunks.
 */
final class SinkSubscriber<T> implements FlowableSubscriber<T> {

    private static final long CHUNK = 1024;

    private final Sink<T> sink;
    private final SseSinkServer sse;
    private final SinkConsumer<T> consumer;
    private final Consumer<? super T> tap;
    private final Function<? super T, String> renderer;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private Subscription upstream;
    private long consumedInChunk;
    private boolean terminated;

    SinkSubscriber(Sink<T> sink, SseSinkServer sse, SinkConsumer<T> consumer, Consumer<? super T> tap) {
        this.sink = sink;
        this.sse = sse;
        this.consumer = consumer;
        this.tap = tap;
        this.renderer = sink.renderer();
    }

    /** Completes when the sink took the whole stream; fails with the stream's or the sink's error. */
    CompletableFuture<Void> whenDone() {
        return done;
    }

    @Override
    public void onSubscribe(Subscription s) {
        upstream = s;
        s.request(sink.kind() == Sink.Kind.CUSTOM ? CHUNK : Long.MAX_VALUE);
    }

    @Override
    public void onNext(T event) {
        if (terminated) {
            return;
        }
        try {
            tap.accept(event);
            switch (sink.kind()) {
                case SSE -> {
                    // Rendering (often JSON) is the costly part; nobody connected means nothing to render for.
                    if (sse.hasClients()) {
                        sse.publish(renderer.apply(event));
                    }
                }
                case CUSTOM -> {
                    consumer.accept(event);
                    if (++consumedInChunk == CHUNK / 2) {
                        consumedInChunk = 0;
                        upstream.request(CHUNK / 2);
                    }
                }
                case DISCARD -> { }
                default -> throw new IllegalStateException("unknown sink kind " + sink.kind());
            }
        } catch (Throwable t) {
            // Cancel first so the stage stops producing into a sink that has already failed.
            terminated = true;
            upstream.cancel();
            fail(new IllegalStateException("sink failed on an event: " + t, t));
        }
    }

    @Override
    public void onError(Throwable error) {
        if (terminated) {
            return;
        }
        terminated = true;
        fail(error);
    }

    @Override
    public void onComplete() {
        if (terminated) {
            return;
        }
        terminated = true;
        try {
            if (consumer != null) {
                consumer.complete();
            }
            if (sse != null) {
                sse.complete();
            }
            done.complete(null);
        } catch (Throwable t) {
            fail(new IllegalStateException("sink failed at completion: " + t, t));
        }
    }

    private void fail(Throwable error) {
        if (sse != null) {
            sse.fail(String.valueOf(error));
        }
        done.completeExceptionally(error);
    }
}
