package io.mantis.master.api;

import java.util.Objects;

/**
 * A route's target: its handler, and how its request body is received.
 *
 * @param check runs on the request head before the body is received, to refuse early (may be null)
 */
record Endpoint(Body body, Check check, Handler handler) {

    enum Body {
        /** Buffered in memory up to a small limit, for JSON documents. */
        JSON,
        /** Spooled to a file while counting, up to the artifact limit; never held in memory. */
        STREAM
    }

    /** Answers one request; runs on the API's executor, never on an event loop. */
    @FunctionalInterface
    interface Handler {
        Reply handle(Request request) throws Exception;
    }

    /** Looks at a request before its body arrives; throws {@link ApiException} to refuse it. */
    @FunctionalInterface
    interface Check {
        void check(Request head);
    }

    Endpoint {
        Objects.requireNonNull(body, "body is null");
        Objects.requireNonNull(handler, "handler is null");
    }

    static Endpoint json(Handler handler) {
        return new Endpoint(Body.JSON, null, handler);
    }

    static Endpoint stream(Check check, Handler handler) {
        return new Endpoint(Body.STREAM, check, handler);
    }
}
