package io.mantis.runtime.transport;

import static io.mantis.runtime.transport.TransportFixture.KEYED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mantis.runtime.testing.Await;
import io.mantis.sdk.Codecs;
import io.mantis.sdk.Keyed;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ReconnectTest {

    /** How long a test waits for something it expects to happen soon; only a failing test waits that long. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final int EVENTS_FROM_REPLACEMENT = 5_000;

    /** Events tagged with {@code prefix}, without end unless {@code count} is finite. */
    private static Flowable<Keyed<String, Long>> tagged(String prefix, long count) {
        return Flowable.<Keyed<String, Long>, long[]>generate(() -> new long[1], (state, emitter) -> {
            long i = state[0]++;
            if (i < count) {
                emitter.onNext(Keyed.of(prefix + (i % 100), i));
            } else {
                emitter.onComplete();
            }
        }).subscribeOn(Schedulers.newThread());
    }

    private static OutboundConfig config(int port) {
        return TransportFixture.outbound(Codecs.string(), false, 1).withPort("127.0.0.1", port);
    }

    /** A new server on {@code port}, retrying while the JDK still holds the old listening socket. */
    private static OutboundServer<Keyed<String, Long>> startOn(TransportFixture fx, int port) {
        AtomicReference<OutboundServer<Keyed<String, Long>>> started = new AtomicReference<>();
        Await.until("port " + port + " to be free again", WAIT, () -> {
            OutboundServer<Keyed<String, Long>> server = fx.server(config(port), KEYED);
            try {
                server.start();
                started.set(server);
                return true;
            } catch (Exception e) { // BindException, thrown undeclared by Netty's sync()
                if (!(e instanceof java.net.BindException)) {
                    throw new AssertionError(e);
                }
                server.close();
                return false;
            }
        });
        return started.get();
    }

    @Test
    void aReplacedUpstreamAtANewAddressIsPickedUpBySetUpstreams() throws Exception {
        try (TransportFixture fx = new TransportFixture()) {
            OutboundServer<Keyed<String, Long>> first = fx.server(config(0), KEYED);
            int firstPort = first.start();
            AtomicLong fromReplacement = new AtomicLong();
            CountingSubscriber<Keyed<String, Long>> consumer = new CountingSubscriber<>(Long.MAX_VALUE, e -> {
                if (e.key().startsWith("second-")) {
                    fromReplacement.incrementAndGet();
                }
            });
            InboundClient<Keyed<String, Long>> client = fx.client(TransportFixture.inbound(0, 512), KEYED);
            client.events().subscribe(consumer);
            client.setUpstreams(TransportFixture.at(firstPort));
            tagged("first-", Long.MAX_VALUE).subscribe(first.subscriber());
            Await.until("events from the first upstream", WAIT, () -> consumer.count() > 10_000, consumer::toString);

            first.close(); // the worker died mid-stream
            OutboundServer<Keyed<String, Long>> second = fx.server(config(0), KEYED);
            int secondPort = second.start();
            tagged("second-", EVENTS_FROM_REPLACEMENT).subscribe(second.subscriber());
            client.setUpstreams(TransportFixture.at(secondPort));

            consumer.awaitCompleted(30); // only the current upstream's END counts
            assertEquals(EVENTS_FROM_REPLACEMENT, fromReplacement.get());
            second.whenDone().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDroppedConnectionToTheSameAddressReconnectsByItself() throws Exception {
        try (TransportFixture fx = new TransportFixture()) {
            OutboundServer<Keyed<String, Long>> first = fx.server(config(0), KEYED);
            int port = first.start();
            AtomicLong fromRestarted = new AtomicLong();
            CountingSubscriber<Keyed<String, Long>> consumer = new CountingSubscriber<>(Long.MAX_VALUE, e -> {
                if (e.key().startsWith("restarted-")) {
                    fromRestarted.incrementAndGet();
                }
            });
            InboundClient<Keyed<String, Long>> client = fx.client(TransportFixture.inbound(0, 512), KEYED);
            client.events().subscribe(consumer);
            client.setUpstreams(List.of(new InetSocketAddress("127.0.0.1", port)));
            tagged("first-", Long.MAX_VALUE).subscribe(first.subscriber());
            Await.until("events from the first run", WAIT, () -> consumer.count() > 10_000, consumer::toString);

            first.close();
            OutboundServer<Keyed<String, Long>> restarted = startOn(fx, port);
            tagged("restarted-", EVENTS_FROM_REPLACEMENT).subscribe(restarted.subscriber());

            consumer.awaitCompleted(30);
            assertEquals(EVENTS_FROM_REPLACEMENT, fromRestarted.get());
            restarted.whenDone().get(10, TimeUnit.SECONDS);
        }
    }
}
