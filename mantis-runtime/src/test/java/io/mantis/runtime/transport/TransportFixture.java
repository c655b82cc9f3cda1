package io.mantis.runtime.transport;

import io.mantis.runtime.metrics.StageMetrics;
import io.mantis.sdk.Codec;
import io.mantis.sdk.Codecs;
import io.mantis.sdk.Keyed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.nio.NioEventLoopGroup;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Everything a transport test needs on loopback: one event loop group per side (as if they were separate
 * worker processes), metrics per worker, configs with short timers, keyed test data, and a close that
 * releases it all (servers and clients first, then the event loops).
 */
final class TransportFixture implements AutoCloseable {

    static final Codec<Keyed<String, Long>> KEYED = Codecs.keyed(Codecs.string(), Codecs.longs());
    static final String UPSTREAM_LABEL = "stage 1 'gen' of job test-1 worker 0";

    final NioEventLoopGroup upstreamGroup = new NioEventLoopGroup(1);
    final NioEventLoopGroup downstreamGroup = new NioEventLoopGroup(2);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final StageMetrics upstreamMetrics = new StageMetrics(registry, "test-1", 1, 0);
    private final Deque<Runnable> closers = new ArrayDeque<>();

    static String downstreamLabel(int workerIndex) {
        return "stage 2 'count' of job test-1 worker " + workerIndex;
    }

    static OutboundConfig outbound(Codec<?> keyCodec, boolean lossy, int downstreamWorkers) {
        return new OutboundConfig("127.0.0.1", 0, keyCodec, lossy, downstreamWorkers, 32 * 1024, 1024,
                Duration.ofMillis(2), Duration.ZERO, UPSTREAM_LABEL);
    }

    static InboundConfig inbound(int workerIndex, int creditWindow) {
        return new InboundConfig(workerIndex, creditWindow, Duration.ofMillis(20), Duration.ofMillis(200),
                downstreamLabel(workerIndex));
    }

    static Keyed<String, Long> event(long i, int keys) {
        return Keyed.of("key-" + (i % keys), i);
    }

    /** {@code count} keyed events (key {@code i % keys}, value {@code i}), generated on a thread of their own. */
    static Flowable<Keyed<String, Long>> keyedSource(long count, int keys) {
        return Flowable.<Keyed<String, Long>, long[]>generate(() -> new long[1], (state, emitter) -> {
            long i = state[0]++;
            if (i < count) {
                emitter.onNext(event(i, keys));
            } else {
                emitter.onComplete();
            }
        }).subscribeOn(Schedulers.newThread());
    }

    <T> OutboundServer<T> server(OutboundConfig config, Codec<T> codec) {
        return server(config, codec, upstreamMetrics);
    }

    <T> OutboundServer<T> server(OutboundConfig config, Codec<T> codec, StageMetrics metrics) {
        OutboundServer<T> server = new OutboundServer<>(config, codec, upstreamGroup, metrics);
        closers.push(server::close);
        return server;
    }

    StageMetrics downstreamMetrics(int workerIndex) {
        return new StageMetrics(registry, "test-1", 2, workerIndex);
    }

    <T> InboundClient<T> client(InboundConfig config, Codec<T> codec, MarkerListener markers) {
        InboundClient<T> client = new InboundClient<>(config, codec, downstreamGroup,
                downstreamMetrics(config.workerIndex()), markers);
        closers.push(client::close);
        return client;
    }

    <T> InboundClient<T> client(InboundConfig config, Codec<T> codec) {
        return client(config, codec, MarkerListener.NONE);
    }

    static List<InetSocketAddress> at(int port) {
        return List.of(new InetSocketAddress("127.0.0.1", port));
    }

    @Override
    public void close() {
        while (!closers.isEmpty()) {
            closers.pop().run();
        }
        upstreamGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        downstreamGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
