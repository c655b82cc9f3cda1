package io.mantis.sdk;

import java.util.Objects;
import java.util.function.Function;

/**
 * Where the last stage's output goes, in every worker of that stage.
 *
 * <ul>
 *   <li>{@link #sse()}: served as Server-Sent Events over HTTP. Clients that share a {@code clientId}
 *       split the stream; other clients each get all of it; a slow client loses events (counted), it never
 *       slows the job.</li>
 *   <li>{@link #discard()}: counted and dropped.</li>
 *   <li>{@link #custom}: handed to user code.</li>
 * </ul>
 */
public final class Sink<T> {

    /** What a sink does with events. */
    public enum Kind { SSE, DISCARD, CUSTOM }

    private final Kind kind;
    private final Function<? super T, String> renderer;
    private final Factory<T> factory;

    private Sink(Kind kind, Function<? super T, String> renderer, Factory<T> factory) {
        this.kind = kind;
        this.renderer = renderer;
        this.factory = factory;
    }

    /** Creates one {@link SinkConsumer} per worker of the last stage. */
    @FunctionalInterface
    public interface Factory<T> {
        SinkConsumer<T> create(Context context) throws Exception;
    }

    /** Server-Sent Events; strings and numbers as they are, other events as JSON. */
    public static <T> Sink<T> sse() {
        return new Sink<>(Kind.SSE, JsonText::render, null);
    }

    /** Server-Sent Events, each event rendered as one line of text by {@code renderer}. */
    public static <T> Sink<T> sse(Function<? super T, String> renderer) {
        Objects.requireNonNull(renderer, "renderer is null");
        return new Sink<>(Kind.SSE, renderer, null);
    }

    public static <T> Sink<T> discard() {
        return new Sink<>(Kind.DISCARD, JsonText::render, null);
    }

    public static <T> Sink<T> custom(Factory<T> factory) {
        Objects.requireNonNull(factory, "factory is null");
        return new Sink<>(Kind.CUSTOM, JsonText::render, factory);
    }

    public Kind kind() {
        return kind;
    }

    /** Renders one event as text (one SSE {@code data:} payload). */
    public Function<? super T, String> renderer() {
        return renderer;
    }

    /** The consumer factory of a {@link Kind#CUSTOM} sink, else null. */
    public Factory<T> factory() {
        return factory;
    }
}
