package io.mantis.master.resources.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordIoDecoderTest {

    private static final List<String> RECORDS = List.of("{\"type\":\"SUBSCRIBED\"}", "", "x", "0123456789abc");

    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String r : RECORDS) {
            byte[] bytes = r.getBytes(StandardCharsets.UTF_8);
            out.writeBytes((bytes.length + "\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void recordsSplitAtEveryByteBoundaryComeOutWhole() {
        byte[] all = stream();
        for (int cut = 0; cut <= all.length; cut++) {
            RecordIoDecoder decoder = new RecordIoDecoder(1024);
            List<String> out = new ArrayList<>();
            decoder.feed(Unpooled.wrappedBuffer(all, 0, cut), b -> out.add(new String(b, StandardCharsets.UTF_8)));
            decoder.feed(Unpooled.wrappedBuffer(all, cut, all.length - cut),
                    b -> out.add(new String(b, StandardCharsets.UTF_8)));
            assertEquals(RECORDS, out, "split at byte " + cut);
        }
    }

    @Test
    void oneByteChunksComeOutWhole() {
        byte[] all = stream();
        RecordIoDecoder decoder = new RecordIoDecoder(1024);
        List<String> out = new ArrayList<>();
        for (byte b : all) {
            decoder.feed(Unpooled.wrappedBuffer(new byte[] {b}), r -> out.add(new String(r, StandardCharsets.UTF_8)));
        }
        assertEquals(RECORDS, out);
    }

    @Test
    void aLengthBeyondTheLimitIsRefusedNamingIt() {
        RecordIoDecoder decoder = new RecordIoDecoder(10);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> decoder.feed(Unpooled.copiedBuffer("11\nabc", StandardCharsets.US_ASCII), r -> { }));
        assertTrue(e.getMessage().contains("11 bytes"), e.getMessage());
    }

    @Test
    void aHeaderThatIsNotDigitsIsRefused() {
        RecordIoDecoder decoder = new RecordIoDecoder(1024);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> decoder.feed(Unpooled.copiedBuffer("HTTP/1.1 200\n", StandardCharsets.US_ASCII), r -> { }));
        assertTrue(e.getMessage().contains("decimal digits"), e.getMessage());
    }
}
