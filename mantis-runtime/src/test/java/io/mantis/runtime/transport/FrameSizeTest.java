package io.mantis.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.sdk.Codec;
import io.mantis.sdk.Codecs;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Frame sizes: events that overflow a partly filled frame, events too large for any frame, the batch bound. */
@Timeout(120)
class FrameSizeTest {

    /** Bytes a string event adds to a DATA frame besides its characters: its length field and the codec's. */
    private static final int STRING_EVENT_OVERHEAD = 4 + 4;
    /** The longest ASCII string that fits a DATA frame on its own. */
    private static final int LARGEST_STRING = Frames.MAX_FRAME_LENGTH - Frames.DATA_HEADER_LENGTH - STRING_EVENT_OVERHEAD;

    /** A small batch bound, a large credit window and a long linger: only size and completion flush frames. */
    private static OutboundConfig smallBatches() {
        return new OutboundConfig("127.0.0.1", 0, null, false, 1, 4096, 1024, Duration.ofSeconds(1), Duration.ZERO,
                TransportFixture.UPSTREAM_LABEL);
    }

    private static String text(int length, int i) {
        return String.valueOf((char) ('a' + i % 26)).repeat(length);
    }

    @Test
    void anEventThatOverflowsAPartlyFilledFrameGoesIntoTheNextFrame() throws Exception {
        List<String> sent = new ArrayList<>();
        int[] sizes = {10, 3000, 500, 3000, 2000, 3000, 100, 3000, 3000, 1};
        for (int i = 0; i < 60; i++) {
            sent.add(text(sizes[i % sizes.length], i));
        }
        // The frame holds a small event when the largest one comes: it fits a frame alone, not that one.
        sent.add(text(100, 60));
        sent.add(text(LARGEST_STRING, 61));
        sent.add(text(3000, 62));
        sent.add(text(LARGEST_STRING - 1000, 63));
        for (int i = 64; i < 80; i++) {
            sent.add(text(sizes[i % sizes.length], i));
        }

        try (TransportFixture fx = new TransportFixture()) {
            OutboundServer<String> server = fx.server(smallBatches(), Codecs.string());
            int port = server.start();
            List<String> received = Collections.synchronizedList(new ArrayList<>());
            CountingSubscriber<String> consumer = new CountingSubscriber<>(Long.MAX_VALUE, received::add);
            InboundClient<String> client = fx.client(TransportFixture.inbound(0, 10_000), Codecs.string());
            client.events().subscribe(consumer);
            client.setUpstreams(TransportFixture.at(port));
            Flowable.fromIterable(sent).subscribeOn(Schedulers.newThread()).subscribe(server.subscriber());

            consumer.awaitCompleted(60);
            server.whenDone().get(10, TimeUnit.SECONDS);
            assertEquals(sent.size(), received.size(), "events received");
            for (int i = 0; i < sent.size(); i++) {
                // Not assertEquals: a failure would print megabytes.
                assertTrue(sent.get(i).equals(received.get(i)), "event " + i + " of " + sent.get(i).length()
                        + " chars arrived as one of " + received.get(i).length());
            }
        }
    }

    @Test
    void anEventLargerThanTheLargestFrameFailsTheStreamNamingLabelAndType() throws Exception {
        Codec<String> bigText = new Codec<>() {
            @Override
            public void encode(String value, DataOutput out) throws IOException {
                Codecs.string().encode(value, out);
            }

            @Override
            public String decode(DataInput in) throws IOException {
                return Codecs.string().decode(in);
            }

            @Override
            public String typeName() {
                return "BigText";
            }
        };
        try (TransportFixture fx = new TransportFixture()) {
            OutboundServer<String> server = fx.server(smallBatches(), bigText);
            int port = server.start();
            CountingSubscriber<String> consumer = CountingSubscriber.unbounded();
            InboundClient<String> client = fx.client(TransportFixture.inbound(0, 10_000), bigText);
            client.events().subscribe(consumer);
            client.setUpstreams(TransportFixture.at(port));
            CountDownLatch cancelled = new CountDownLatch(1);
            // Alone, one byte more than a frame holds.
            Flowable.just("small", text(LARGEST_STRING + 1, 1), "never sent")
                    .doOnCancel(cancelled::countDown)
                    .subscribeOn(Schedulers.newThread())
                    .subscribe(server.subscriber());

            ExecutionException done = assertThrows(ExecutionException.class,
                    () -> server.whenDone().get(30, TimeUnit.SECONDS));
            assertInstanceOf(TransportException.class, done.getCause());
            String message = done.getCause().getMessage();
            assertTrue(message.startsWith(TransportFixture.UPSTREAM_LABEL + ": cannot encode BigText for the next stage"),
                    message);
            assertTrue(message.contains("does not fit a frame of at most " + Frames.MAX_FRAME_LENGTH + " bytes"),
                    message);
            assertTrue(cancelled.await(10, TimeUnit.SECONDS), "the output was not cancelled");

            consumer.awaitTerminated(30);
            assertInstanceOf(TransportException.class, consumer.error());
            assertTrue(consumer.error().getMessage().contains("cannot encode BigText"), consumer.error().getMessage());
        }
    }

    @Test
    void maxBatchBytesIsBoundedByHalfTheLargestFrame() {
        int limit = Frames.MAX_FRAME_LENGTH / 2;
        OutboundConfig ok = new OutboundConfig("127.0.0.1", 0, null, false, 1, limit, 1024, Duration.ofMillis(5),
                Duration.ZERO, "job x");
        assertEquals(limit, ok.maxBatchBytes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OutboundConfig("127.0.0.1", 0, null, false, 1, Frames.MAX_FRAME_LENGTH, 1024,
                        Duration.ofMillis(5), Duration.ZERO, "job x"));
        assertTrue(e.getMessage().startsWith("job x: "), e.getMessage());
        assertTrue(e.getMessage().contains(Integer.toString(Frames.MAX_FRAME_LENGTH)), e.getMessage());
        assertTrue(e.getMessage().contains(Integer.toString(limit)), e.getMessage());
    }

    // ---- byte metrics: every frame, length field included, the same on both sides ----

    @Test
    void bothSidesCountEveryFrameWithItsLengthField() throws Exception {
        List<String> sent = List.of("a", "bb", "ccc");
        try (TransportFixture fx = new TransportFixture()) {
            OutboundConfig oneEventPerFrame = new OutboundConfig("127.0.0.1", 0, null, false, 1, 4096, 1,
                    Duration.ofSeconds(1), Duration.ZERO, TransportFixture.UPSTREAM_LABEL);
            OutboundServer<String> server = fx.server(oneEventPerFrame, Codecs.string());
            int port = server.start();
            CountingSubscriber<String> consumer = CountingSubscriber.unbounded();
            InboundClient<String> client = fx.client(TransportFixture.inbound(0, 256), Codecs.string());
            client.events().subscribe(consumer);
            client.setUpstreams(TransportFixture.at(port));
            Flowable.fromIterable(sent).subscribeOn(Schedulers.newThread()).subscribe(server.subscriber());

            consumer.awaitCompleted(30);
            server.whenDone().get(10, TimeUnit.SECONDS);
            long expected = 5; // END
            for (String s : sent) {
                expected += Frames.DATA_HEADER_LENGTH + STRING_EVENT_OVERHEAD + s.length();
            }
            assertEquals(expected, (long) fx.upstreamMetrics.bytesSent.count(), "bytes sent");
            assertEquals(expected, (long) fx.downstreamMetrics(0).bytesReceived.count(), "bytes received");
        }
    }

    @Test
    void markerAndEndFramesCountTheSameOnBothSides() throws Exception {
        try (TransportFixture fx = new TransportFixture()) {
            OutboundConfig markers = TransportFixture.outbound(null, false, 1).withMarkerInterval(Duration.ofMillis(1));
            OutboundServer<String> server = fx.server(markers, Codecs.string());
            int port = server.start();
            CountingSubscriber<String> consumer = CountingSubscriber.unbounded();
            AtomicInteger markersSeen = new AtomicInteger();
            InboundClient<String> client = fx.client(TransportFixture.inbound(0, 256), Codecs.string(),
                    micros -> markersSeen.incrementAndGet());
            client.events().subscribe(consumer);
            client.setUpstreams(TransportFixture.at(port));
            Flowable.range(0, 200).map(i -> "event-" + i)
                    .concatMap(e -> Flowable.just(e).delay(100, TimeUnit.MICROSECONDS))
                    .subscribe(server.subscriber());

            consumer.awaitCompleted(30);
            server.whenDone().get(10, TimeUnit.SECONDS);
            assertEquals(200, consumer.count());
            assertTrue(markersSeen.get() > 0, "no marker arrived");
            double bytesSent = fx.upstreamMetrics.bytesSent.count();
            assertEquals(bytesSent, fx.downstreamMetrics(0).bytesReceived.count(), "bytes received vs sent");
        }
    }

    @Test
    void errorFramesCountTheSameOnBothSides() throws Exception {
        try (TransportFixture fx = new TransportFixture()) {
            OutboundServer<String> server = fx.server(TransportFixture.outbound(null, false, 1), Codecs.string());
            int port = server.start();
            CountingSubscriber<String> consumer = CountingSubscriber.unbounded();
            InboundClient<String> client = fx.client(TransportFixture.inbound(0, 256), Codecs.string());
            client.events().subscribe(consumer);
            client.setUpstreams(TransportFixture.at(port));
            // Wait for the connection, so the ERROR frame goes out on it rather than to a later HELLO.
            Flowable.just("event").concatWith(Flowable.error(new IllegalStateException("disk on fire")))
                    .delaySubscription(200, TimeUnit.MILLISECONDS)
                    .subscribe(server.subscriber());

            consumer.awaitTerminated(30);
            assertInstanceOf(TransportException.class, consumer.error());
            double bytesSent = fx.upstreamMetrics.bytesSent.count();
            String message = TransportFixture.UPSTREAM_LABEL + ": java.lang.IllegalStateException: disk on fire";
            assertTrue(bytesSent >= 5 + message.length(), "an ERROR frame is counted: " + bytesSent);
            assertEquals(bytesSent, fx.downstreamMetrics(0).bytesReceived.count(), "bytes received vs sent");
        }
    }
}
