package io.mantis.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.sdk.Codec;
import io.mantis.sdk.Codecs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FramesTest {

    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    /** Records every frame as text; accepts all types. */
    private static final class Recorder extends FrameHandler {
        final List<String> frames = new ArrayList<>();

        Recorder() {
            super("frames-test");
        }

        @Override
        protected void onHello(ChannelHandlerContext ctx, int workerIndex, int initialCredits) {
            frames.add("HELLO " + workerIndex + " " + initialCredits);
        }

        @Override
        protected void onCredit(ChannelHandlerContext ctx, int more) {
            frames.add("CREDIT " + more);
        }

        @Override
        protected void onData(ChannelHandlerContext ctx, int eventCount, ByteBuf events) throws IOException {
            Codec<String> codec = Codecs.string();
            StringBuilder text = new StringBuilder("DATA " + eventCount);
            ByteBufInputStream in = new ByteBufInputStream(events);
            for (int i = 0; i < eventCount; i++) {
                int length = events.readInt();
                int start = events.readerIndex();
                text.append(' ').append(codec.decode(in));
                assertEquals(length, events.readerIndex() - start, "per-event length");
            }
            frames.add(text.toString());
        }

        @Override
        protected void onMarker(ChannelHandlerContext ctx, long originEpochMicros) {
            frames.add("MARKER " + originEpochMicros);
        }

        @Override
        protected void onEnd(ChannelHandlerContext ctx) {
            frames.add("END");
        }

        @Override
        protected void onError(ChannelHandlerContext ctx, String message) {
            frames.add("ERROR " + message);
        }
    }

    private final Recorder recorder = new Recorder();
    private final EmbeddedChannel channel = new EmbeddedChannel(Frames.newDecoder(), recorder);

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void everyFrameTypeSurvivesTheRoundTrip() throws IOException {
        FrameBatch batch = new FrameBatch(ALLOC, 64);
        for (String s : new String[] {"alpha", "", "ünïcødé"}) {
            batch.append(Codecs.string(), s);
        }
        ByteBuf data = batch.take();

        channel.writeInbound(Frames.hello(ALLOC, 3, 16384));
        channel.writeInbound(Frames.credit(ALLOC, 4096));
        channel.writeInbound(data);
        channel.writeInbound(Frames.marker(ALLOC, 1_700_000_000_123_456L));
        channel.writeInbound(Frames.error(ALLOC, "stage 1: boom ✗"));
        channel.writeInbound(Frames.end(ALLOC));

        assertEquals(List.of("HELLO 3 16384", "CREDIT 4096", "DATA 3 alpha  ünïcødé",
                "MARKER 1700000000123456", "ERROR stage 1: boom ✗", "END"), recorder.frames);
        assertTrue(channel.isOpen());
    }

    @Test
    void framesSplitAcrossReadsAndPackedTogetherAreCutCorrectly() {
        ByteBuf all = Unpooled.buffer();
        all.writeBytes(Frames.hello(ALLOC, 1, 2)).writeBytes(Frames.credit(ALLOC, 7)).writeBytes(Frames.end(ALLOC));
        while (all.isReadable()) {
            channel.writeInbound(all.readRetainedSlice(Math.min(3, all.readableBytes())));
        }
        all.release();
        assertEquals(List.of("HELLO 1 2", "CREDIT 7", "END"), recorder.frames);
    }

    @Test
    void anEmptyDataFrameIsValid() {
        ByteBuf data = ALLOC.buffer();
        Frames.beginData(data);
        Frames.finishData(data, 0, 0);
        channel.writeInbound(data);
        assertEquals(List.of("DATA 0"), recorder.frames);
    }

    @Test
    void anOversizedFrameClosesTheConnection() {
        ByteBuf header = ALLOC.buffer().writeInt(Frames.MAX_FRAME_LENGTH).writeByte(Frames.DATA);
        channel.writeInbound(header);
        assertFalse(channel.isOpen(), "a frame over 16 MiB must close the connection");
        assertTrue(recorder.frames.isEmpty());
    }

    @Test
    void theLargestFrameIsAccepted() {
        int length = Frames.MAX_FRAME_LENGTH - 4; // the length field itself is the rest
        ByteBuf frame = ALLOC.buffer(Frames.MAX_FRAME_LENGTH).writeInt(length).writeByte(Frames.ERROR);
        frame.writeZero(length - 1);
        channel.writeInbound(frame);
        assertTrue(channel.isOpen());
        assertEquals(1, recorder.frames.size());
    }

    @Test
    void anUnknownFrameTypeClosesTheConnection() {
        channel.writeInbound(ALLOC.buffer().writeInt(1).writeByte(42));
        assertFalse(channel.isOpen());
        assertTrue(recorder.frames.isEmpty());
    }

    @Test
    void aMalformedFrameClosesTheConnection() {
        channel.writeInbound(ALLOC.buffer().writeInt(3).writeByte(Frames.CREDIT).writeShort(1));
        assertFalse(channel.isOpen());
        assertTrue(recorder.frames.isEmpty());
    }

    @Test
    void aDataFrameClaimingMoreEventsThanItsBytesCouldHoldClosesTheConnection() {
        ByteBuf data = ALLOC.buffer().writeInt(9).writeByte(Frames.DATA).writeInt(5).writeInt(0);
        channel.writeInbound(data);
        assertFalse(channel.isOpen());
    }

    @Test
    void aFailedEncodeLeavesTheBatchAsItWas() throws IOException {
        FrameBatch batch = new FrameBatch(ALLOC, 64);
        batch.append(Codecs.string(), "kept");
        Codec<String> failing = new Codec<>() {
            @Override
            public void encode(String value, java.io.DataOutput out) throws IOException {
                out.writeInt(12345);
                throw new IOException("half written");
            }

            @Override
            public String decode(java.io.DataInput in) {
                throw new UnsupportedOperationException();
            }
        };
        int before = batch.bytes();
        assertThrows(IOException.class, () -> batch.append(failing, "lost"));
        assertEquals(before, batch.bytes());
        assertEquals(1, batch.events());
        channel.writeInbound(batch.take());
        assertEquals(List.of("DATA 1 kept"), recorder.frames);
    }

    /** Characters of an ASCII string event that fills a DATA frame exactly on its own. */
    private static final int FILLING_STRING = Frames.MAX_FRAME_LENGTH - Frames.DATA_HEADER_LENGTH - 4 - 4;

    @Test
    void anEventThatDoesNotFitAPartlyFilledFrameIsRolledBackAndFitsAFreshOne() throws IOException {
        FrameBatch batch = new FrameBatch(ALLOC, 64);
        assertTrue(batch.append(Codecs.string(), "kept"));
        int before = batch.bytes();
        String big = "x".repeat(FILLING_STRING);
        assertFalse(batch.append(Codecs.string(), big), "the frame is full");
        assertEquals(before, batch.bytes());
        assertEquals(1, batch.events());
        channel.writeInbound(batch.take());

        assertTrue(batch.append(Codecs.string(), big), "alone the event fits");
        ByteBuf frame = batch.take();
        assertEquals(Frames.MAX_FRAME_LENGTH, frame.readableBytes());
        channel.writeInbound(frame);
        assertEquals(2, recorder.frames.size());
        assertEquals("DATA 1 kept", recorder.frames.get(0));
        assertTrue(recorder.frames.get(1).equals("DATA 1 " + big), "the large event did not survive"); // no 16 MiB message
        assertTrue(channel.isOpen());
    }

    @Test
    void anEventLargerThanAFrameIsRefusedEvenByAnEmptyFrame() {
        FrameBatch batch = new FrameBatch(ALLOC, 64);
        IOException e = assertThrows(IOException.class,
                () -> batch.append(Codecs.string(), "x".repeat(FILLING_STRING + 1)));
        assertTrue(e.getMessage().contains("does not fit a frame of at most " + Frames.MAX_FRAME_LENGTH), e.getMessage());
        assertTrue(batch.isEmpty());
        assertEquals(0, batch.events());
        batch.release();
    }
}
