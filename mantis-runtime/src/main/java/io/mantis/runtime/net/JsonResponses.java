package io.mantis.runtime.net;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Complete HTTP responses for the runtime's small HTTP endpoints (admin and SSE sink), each with a
 * Content-Length so connections can stay open. Errors share one shape:
 * {@code {"error": code, "message": message}}.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonResponses {

    /** The Content-Type of every JSON response. */
    public static final String JSON = "application/json; charset=utf-8";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonResponses() {
    }

    /**
     * {@code value} as JSON.
     *
     * @throws IllegalStateException if Jackson cannot map it
     */
    public static FullHttpResponse json(HttpResponseStatus status, Object value) {
        try {
            return bytes(status, JSON, MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** {@code {"error": code, "message": message}}. */
    public static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return json(status, body);
    }

    /**
     * The answer to a request whose path or method does not match the route table, or {@code null} if it
     * does: {@code 404 not_found} when {@code allowed} is {@code null} (no route at {@code path}), otherwise
     * {@code 405 method_not_allowed} with an {@code Allow: allowed} header when {@code method} differs.
     *
     * @param allowed the one method the route at {@code path} accepts, or {@code null} if there is none
     * @param served what the endpoint does serve, for the 404 message, e.g. {@code "the sink serves GET /events"}
     */
    public static FullHttpResponse routeError(String path, HttpMethod method, HttpMethod allowed, String served) {
        if (allowed == null) {
            return error(HttpResponseStatus.NOT_FOUND, "not_found", "no resource at '" + path + "'; " + served);
        }
        if (allowed.equals(method)) {
            return null;
        }
        FullHttpResponse response = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                method + " is not allowed on " + path + "; use " + allowed);
        response.headers().set(HttpHeaderNames.ALLOW, allowed.name());
        return response;
    }

    /** {@code text} as UTF-8 with the given Content-Type. */
    public static FullHttpResponse text(HttpResponseStatus status, String contentType, String text) {
        return bytes(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse bytes(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setContentLength(response, body.length);
        return response;
    }
}
