package io.mantis.master.api;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as a route's handler sees it, its body already received: in memory ({@code body}) for JSON
 * routes, or spooled to {@code bodyFile} for streaming ones. The other is null.
 *
 * @param path      the raw path, without the query
 * @param variables the route pattern's variables, decoded
 * @param query     the query parameters, decoded
 */
record Request(HttpMethod method, String path, Map<String, String> variables, Map<String, List<String>> query,
               HttpHeaders headers, byte[] body, Path bodyFile) {

    /** The first value of a query parameter, or null when it is absent or empty. */
    String queryParameter(String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return null;
        }
        return values.get(0);
    }

    String variable(String name) {
        String value = variables.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no variable '" + name + "'");
        }
        return value;
    }

    boolean hasBody() {
        return body != null && body.length > 0;
    }

    Request withBody(byte[] newBody, Path newBodyFile) {
        return new Request(method, path, variables, query, headers, newBody, newBodyFile);
    }
}
