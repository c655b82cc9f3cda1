package io.mantis.runtime.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SseFramesTest {

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }

    @Test
    void oneLineIsOneDataField() {
        assertEquals("data: {\"a\":1}\n\n", text(SseFrames.data("{\"a\":1}")));
    }

    @Test
    void eachLineBreakStartsANewDataField() {
        assertEquals("data: a\ndata: b\ndata: c\ndata: \n\n", text(SseFrames.data("a\nb\r\nc\r")));
    }

    @Test
    void namedEventsCarryTheirType() {
        assertEquals("event: complete\ndata: \n\n", text(SseFrames.event("complete", "")));
        assertEquals("event: error\ndata: boom\n\n", text(SseFrames.event("error", "boom")));
    }

    @Test
    void textIsUtf8() {
        assertEquals("data: Grüße ✓\n\n", text(SseFrames.data("Grüße ✓")));
    }
}
