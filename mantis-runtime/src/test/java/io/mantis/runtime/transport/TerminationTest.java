package io.mantis.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TerminationTest {

    private static Flowable<String> strings(int count) {
        return Flowable.range(0, count).map(i -> "event-" + i).subscribeOn(Schedulers.newThread());
    }

    @Test
    void endReachesADownstreamThatConnectsAfterTheUpstreamCompleted() throws Exception {
        try (TransportFixture fx = new TransportFixture()) {
            OutboundServer<String> server = fx.server(TransportFixture.outbound(null, false, 2), Codecs.string());
            int port = server.start();
            CountingSubscriber<String> early = CountingSubscriber.unbounded();
            InboundClient<String> first = fx.client(TransportFixture.inbound(0, 256), Codecs.string());
            first.events().subscribe(early);
            first.setUpstreams(TransportFixture.at(port));
            strings(100).subscribe(server.subscriber());

            early.awaitCompleted(30);
            assertEquals(100, early.count());
            assertFalse(server.whenDone().isDone(), "downstream 1 has not had END yet");

            CountingSubscriber<String> late = CountingSubscriber.unbounded();
            InboundClient<String> second = fx.client(TransportFixture.inbound(1, 256), Codecs.string());
            second.events().subscribe(late);
            second.setUpstreams(TransportFixture.at(port));
            late.awaitCompleted(30);
            assertEquals(0, late.count());
            server.whenDone().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUpstreamFailureFailsTheDownstreamNamingBoth() throws Exception {
        try (TransportFixture fx = new TransportFixture()) {
            OutboundServer<String> server = fx.server(TransportFixture.outbound(null, false, 1), Codecs.string());
            int port = server.start();
            CountingSubscriber<String> consumer = CountingSubscriber.unbounded();
            InboundClient<String> client = fx.client(TransportFixture.inbound(0, 256), Codecs.string());
            client.events().subscribe(consumer);
            client.setUpstreams(TransportFixture.at(port));
            strings(1000).concatWith(Flowable.error(new IllegalStateException("disk on fire")))
                    .subscribe(server.subscriber());

            consumer.awaitTerminated(30);
            Throwable error = consumer.error();
            assertInstanceOf(TransportException.class, error);
            String message = error.getMessage();
            assertTrue(message.startsWith(TransportFixture.downstreamLabel(0) + ": upstream 127.0.0.1:" + port
                    + " failed: "), message);
            assertTrue(message.contains(TransportFixture.UPSTREAM_LABEL), message);
            assertTrue(message.contains("disk on fire"), message);

            ExecutionException done = assertThrows(ExecutionException.class,
                    () -> server.whenDone().get(10, TimeUnit.SECONDS));
            assertEquals("disk on fire", done.getCause().getMessage());
        }
    }

    @Test
    void aCodecThatThrowsFailsTheFlowNamingLabelAndType() throws Exception {
        Codec<String> exploding = new Codec<>() {
            @Override
            public void encode(String value, DataOutput out) throws IOException {
                Codecs.string().encode(value, out);
            }

            @Override
            public String decode(DataInput in) throws IOException {
                throw new IOException("corrupt record");
            }

            @Override
            public String typeName() {
                return "Exploding";
            }
        };
        Throwable error = failureDecodingWith(exploding);
        assertTrue(error.getMessage().startsWith(TransportFixture.downstreamLabel(0)
                + ": cannot decode Exploding from upstream 127.0.0.1:"), error.getMessage());
        assertTrue(error.getMessage().contains("corrupt record"), error.getMessage());
    }

    @Test
    void aCodecThatReadsTooLittleIsCaught() throws Exception {
        Throwable error = failureDecodingWith(new Codec<String>() {
            @Override
            public void encode(String value, DataOutput out) throws IOException {
                Codecs.string().encode(value, out);
            }

            @Override
            public String decode(DataInput in) throws IOException {
                return Integer.toString(in.readInt()); // forgets the string's bytes
            }

            @Override
            public String typeName() {
                return "Forgetful";
            }
        });
        assertTrue(error.getMessage().contains("cannot decode Forgetful"), error.getMessage());
        assertTrue(error.getMessage().contains("the codec read 4 of the event's 15 bytes"), error.getMessage());
    }

    @Test
    void aCodecThatReadsTooMuchIsCaught() throws Exception {
        Throwable error = failureDecodingWith(new Codec<String>() {
            @Override
            public void encode(String value, DataOutput out) throws IOException {
                Codecs.string().encode(value, out);
            }

            @Override
            public String decode(DataInput in) throws IOException {
                String s = Codecs.string().decode(in);
                in.readLong(); // a field the encoder never wrote
                return s;
            }

            @Override
            public String typeName() {
                return "Greedy";
            }
        });
        assertTrue(error.getMessage().contains("cannot decode Greedy"), error.getMessage());
        assertTrue(error.getMessage().contains("read past the end of the event's 15 bytes"), error.getMessage());
    }

    private static Throwable failureDecodingWith(Codec<String> clientCodec) throws Exception {
        try (TransportFixture fx = new TransportFixture()) {
            OutboundServer<String> server = fx.server(TransportFixture.outbound(null, false, 1), Codecs.string());
            int port = server.start();
            CountingSubscriber<String> consumer = CountingSubscriber.unbounded();
            InboundClient<String> client = fx.client(TransportFixture.inbound(0, 256), clientCodec);
            client.events().subscribe(consumer);
            client.setUpstreams(TransportFixture.at(port));
            // Each event: a 4-byte length and 11 UTF-8 bytes.
            Flowable.just("event-0abcd").repeat(100).subscribeOn(Schedulers.newThread()).subscribe(server.subscriber());
            consumer.awaitTerminated(30);
            assertEquals(0, consumer.count());
            assertInstanceOf(TransportException.class, consumer.error());
            return consumer.error();
        }
    }
}
