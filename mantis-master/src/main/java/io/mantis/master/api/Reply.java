package io.mantis.master.api;

import io.mantis.protocol.ApiError;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers: a status, and either bytes of a content type or a file to stream. Immutable.
 *
 * @param body    the body bytes; empty for none, unused when {@code file} is set
 * @param file    a file streamed as the body, or null
 * @param headers extra response headers
 */
record Reply(int status, String contentType, byte[] body, Path file, Map<String, String> headers) {

    static final String JSON = "application/json; charset=utf-8";

    Reply {
        Objects.requireNonNull(body, "body is null");
        headers = Map.copyOf(headers);
    }

    static Reply json(int status, Object value) {
        return new Reply(status, JSON, JsonCodec.write(value), null, Map.of());
    }

    static Reply noContent() {
        return new Reply(204, null, new byte[0], null, Map.of());
    }

    static Reply text(String contentType, String text) {
        return new Reply(200, contentType, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, Map.of());
    }

    static Reply file(Path file, String contentType) {
        return new Reply(200, contentType, new byte[0], file, Map.of());
    }

    static Reply error(int status, String error, String message) {
        return json(status, new ApiError(error, message));
    }

    static Reply error(ApiException e) {
        return error(e.status(), e.error(), e.getMessage());
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, file, more);
    }
}
