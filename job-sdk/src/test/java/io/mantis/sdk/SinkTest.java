package io.mantis.sdk;

import static io.mantis.sdk.JobTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SinkTest {

    public record Count(String word, long count) {
    }

    @Test
    void sseRendersStringsNumbersAndBooleansAsTheyAre() {
        Function<Object, String> render = renderer(Sink.sse());

        assertEquals("plain text, \"quoted\"", render.apply("plain text, \"quoted\""));
        assertEquals("", render.apply(""));
        assertEquals("42", render.apply(42));
        assertEquals("2.5", render.apply(2.5));
        assertEquals("true", render.apply(true));
    }

    @Test
    void sseRendersOtherEventsAsJson() {
        Function<Object, String> render = renderer(Sink.sse());
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", 1);
        map.put("b", List.of("x"));

        assertEquals("{\"word\":\"hi\",\"count\":3}", render.apply(new Count("hi", 3)));
        assertEquals("{\"a\":1,\"b\":[\"x\"]}", render.apply(map));
        assertEquals("[1,2]", render.apply(List.of(1, 2)));
        assertEquals("{\"key\":\"k\",\"value\":{\"word\":\"w\",\"count\":1}}",
                render.apply(Keyed.of("k", new Count("w", 1))));
    }

    @Test
    void anEventJsonCannotRenderIsRejectedNamingItsClass() {
        Function<Object, String> render = renderer(Sink.sse());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> render.apply(new Object()));

        assertMessage(e, "cannot render java.lang.Object as JSON");
    }

    @Test
    void sseWithARendererUsesIt() {
        Sink<Count> sink = Sink.sse(c -> c.word() + "=" + c.count());

        assertEquals(Sink.Kind.SSE, sink.kind());
        assertEquals("hi=3", sink.renderer().apply(new Count("hi", 3)));
        assertNull(sink.factory());
    }

    @Test
    void discardAndCustomSinksSayWhatTheyAre() {
        Sink.Factory<String> factory = ctx -> event -> { };

        assertEquals(Sink.Kind.DISCARD, Sink.discard().kind());
        assertNull(Sink.discard().factory());
        Sink<String> custom = Sink.custom(factory);
        assertEquals(Sink.Kind.CUSTOM, custom.kind());
        assertSame(factory, custom.factory());
        assertEquals(Sink.Kind.SSE, Sink.sse().kind());
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThrows(NullPointerException.class, () -> Sink.sse(null));
        assertThrows(NullPointerException.class, () -> Sink.custom(null));
    }

    @SuppressWarnings("unchecked")
    private static Function<Object, String> renderer(Sink<?> sink) {
        return (Function<Object, String>) sink.renderer();
    }
}
