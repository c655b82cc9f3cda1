package io.mantis.runtime.transport;

import static io.mantis.runtime.transport.TransportFixture.KEYED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.runtime.testing.Await;
import io.mantis.sdk.Codecs;
import io.mantis.sdk.Keyed;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class BackpressureTest {

    /** How long a test waits for something it expects to happen soon; only a failing test waits that long. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final int CREDIT_WINDOW = 256;
    private static final int STEP = 100;

    /** An endless, fast source counting what it emitted. */
    private static Flowable<Keyed<String, Long>> endless(AtomicLong emitted) {
        return Flowable.<Keyed<String, Long>, long[]>generate(() -> new long[1],
                        (state, emitter) -> {
                            emitter.onNext(TransportFixture.event(state[0]++, 10_000));
                        })
                .doOnNext(e -> emitted.incrementAndGet())
                .subscribeOn(Schedulers.newThread());
    }

    @ParameterizedTest(name = "keyed={0}")
    @ValueSource(booleans = {true, false})
    void aSlowConsumerSlowsTheSourceAndMemoryStaysBounded(boolean keyed) throws Exception {
        try (TransportFixture fx = new TransportFixture()) {
            OutboundConfig config = TransportFixture.outbound(keyed ? Codecs.string() : null, false, 1);
            OutboundServer<Keyed<String, Long>> server = fx.server(config, KEYED);
            int port = server.start();
            InboundClient<Keyed<String, Long>> client = fx.client(TransportFixture.inbound(0, CREDIT_WINDOW), KEYED);
            CountingSubscriber<Keyed<String, Long>> consumer = new CountingSubscriber<>(0, e -> { });
            client.events().subscribe(consumer);
            client.setUpstreams(TransportFixture.at(port));
            AtomicLong emitted = new AtomicLong();
            endless(emitted).subscribe(server.subscriber());

            // What may sit between source and consumer: the credit window (in flight or queued downstream),
            // the outstanding request (parked or about to be emitted) and one frame.
            long bound = CREDIT_WINDOW + CreditLedger.MAX_OUTSTANDING + config.maxBatchEvents();
            Await.until("the pipeline to fill", WAIT, () -> emitted.get() >= CREDIT_WINDOW, emitted::toString);
            for (int step = 1; step <= 50; step++) {
                consumer.request(STEP);
                long expected = (long) step * STEP;
                Await.until("step " + step, WAIT, () -> consumer.count() == expected, consumer::toString);
                long ahead = emitted.get() - consumer.count();
                assertTrue(ahead <= bound, "the source ran " + ahead + " events ahead at step " + step
                        + "; bound " + bound);
            }
            // The source kept up with the consumer, no more: it is waiting, not finished or failed.
            assertTrue(emitted.get() >= consumer.count());
            assertTrue(fx.upstreamMetrics.creditWait.count() > 0, "waiting for credit is measured");
            assertEquals(0.0, fx.upstreamMetrics.eventsDropped.count());
        }
    }

    @Test
    void aLossyStageIsNotSlowedAndCountsEveryDrop() throws Exception {
        long events = 300_000;
        try (TransportFixture fx = new TransportFixture()) {
            // Periodic markers show when the server has registered the downstream connection.
            OutboundConfig config = TransportFixture.outbound(Codecs.string(), true, 1)
                    .withMarkerInterval(Duration.ofMillis(5));
            OutboundServer<Keyed<String, Long>> server = fx.server(config, KEYED);
            int port = server.start();
            AtomicLong markers = new AtomicLong();
            InboundClient<Keyed<String, Long>> client = fx.client(TransportFixture.inbound(0, CREDIT_WINDOW), KEYED,
                    micros -> markers.incrementAndGet());
            CountingSubscriber<Keyed<String, Long>> consumer = new CountingSubscriber<>(0, e -> { });
            client.events().subscribe(consumer);
            client.setUpstreams(TransportFixture.at(port));
            Await.until("the downstream to be registered", WAIT, () -> markers.get() > 0);
            consumer.request(STEP);
            AtomicLong emitted = new AtomicLong();
            TransportFixture.keyedSource(events, 10_000).doOnNext(e -> emitted.incrementAndGet())
                    .subscribe(server.subscriber());

            // The source finishes while the consumer has taken only a few hundred events.
            server.whenDone().get(30, TimeUnit.SECONDS);
            assertEquals(events, emitted.get());
            assertTrue(consumer.count() <= STEP, "consumer took " + consumer.count());
            double dropped = fx.upstreamMetrics.eventsDropped.count();
            assertTrue(dropped > events / 2.0, "dropped " + dropped);

            consumer.request(Long.MAX_VALUE);
            consumer.awaitCompleted(30);
            assertEquals(events, consumer.count() + (long) dropped, "delivered + dropped = emitted");
            assertTrue(consumer.count() >= CREDIT_WINDOW, "the credit window was delivered: " + consumer.count());
        }
    }
}
