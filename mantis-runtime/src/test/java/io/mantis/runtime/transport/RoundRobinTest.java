package io.mantis.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.runtime.testing.Await;
import io.mantis.sdk.Codecs;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RoundRobinTest {

    /** How long a test waits for something it expects to happen soon; only a failing test waits that long. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void twoClientsShareTheStreamAndNothingIsLost() throws Exception {
        int events = 200_000;
        try (TransportFixture fx = new TransportFixture()) {
            OutboundServer<String> server = fx.server(TransportFixture.outbound(null, false, 2), Codecs.string());
            int port = server.start();
            List<CountingSubscriber<String>> subscribers = new ArrayList<>();
            for (int worker = 0; worker < 2; worker++) {
                CountingSubscriber<String> subscriber = CountingSubscriber.unbounded();
                subscribers.add(subscriber);
                InboundClient<String> client = fx.client(TransportFixture.inbound(worker, 1024), Codecs.string());
                client.events().subscribe(subscriber);
                client.setUpstreams(TransportFixture.at(port));
            }
            Flowable.range(0, events).map(i -> "event-" + i).subscribeOn(Schedulers.newThread())
                    .subscribe(server.subscriber());

            subscribers.get(0).awaitCompleted(30);
            subscribers.get(1).awaitCompleted(30);
            server.whenDone().get(10, TimeUnit.SECONDS);
            long first = subscribers.get(0).count();
            long second = subscribers.get(1).count();
            assertEquals(events, first + second);
            assertTrue(first > events / 10 && second > events / 10, "shares " + first + " / " + second);
        }
    }

    @Test
    void markersFollowTheEventsHandedOverBeforeThem() throws Exception {
        try (TransportFixture fx = new TransportFixture()) {
            OutboundServer<String> server = fx.server(TransportFixture.outbound(null, false, 1), Codecs.string());
            int port = server.start();
            CountingSubscriber<String> subscriber = CountingSubscriber.unbounded();
            List<String> seen = new ArrayList<>(); // drain thread only; read after completion
            InboundClient<String> client = fx.client(TransportFixture.inbound(0, 256), Codecs.string(),
                    micros -> seen.add(micros + "@" + subscriber.count()));
            client.events().subscribe(subscriber);
            client.setUpstreams(TransportFixture.at(port));

            // Injected from the producer thread just before events 500 and 1500 reach the server.
            Flowable.range(0, 2000)
                    .doOnNext(i -> {
                        if (i == 500 || i == 1500) {
                            server.injectMarker(i * 10L);
                        }
                    })
                    .map(String::valueOf)
                    .subscribeOn(Schedulers.newThread())
                    .subscribe(server.subscriber());

            subscriber.awaitCompleted(30);
            assertEquals(List.of("5000@500", "15000@1500"), seen);
        }
    }

    @Test
    void periodicMarkersCarryTheirCreationTime() throws Exception {
        try (TransportFixture fx = new TransportFixture()) {
            OutboundConfig config = TransportFixture.outbound(null, false, 1)
                    .withMarkerInterval(java.time.Duration.ofMillis(5));
            OutboundServer<String> server = fx.server(config, Codecs.string());
            int port = server.start();
            List<Long> markers = new java.util.concurrent.CopyOnWriteArrayList<>();
            long before = MarkerListener.nowEpochMicros();
            InboundClient<String> client = fx.client(TransportFixture.inbound(0, 256), Codecs.string(), markers::add);
            client.events().subscribe(CountingSubscriber.unbounded());
            client.setUpstreams(TransportFixture.at(port));
            Await.until("three markers", WAIT, () -> markers.size() >= 3, markers::toString);
            long after = MarkerListener.nowEpochMicros();
            for (long m : markers) {
                assertTrue(m >= before && m <= after, m + " outside " + before + ".." + after);
            }
        }
    }
}
