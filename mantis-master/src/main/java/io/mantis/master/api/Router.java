package io.mantis.master.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps a method and a path to a target. Patterns are literal segments and {@code {name}} variables, each a whole
 * segment: {@code /api/v1/jobs/{id}/actions/kill}. The first route added that matches wins, so add literal
 * routes before variable ones that overlap them.
 *
 * <p>Threading: fill it before sharing, then {@link #match} from any thread.
 *
 * @param <T> what a route leads to
 */
final class Router<T> {

    private final List<Route<T>> routes = new ArrayList<>();

    /** What {@link #match} found. */
    sealed interface Match<T> {
    }

    /** @param variables the path's values of the pattern's variables, percent-decoded */
    record Found<T>(T target, Map<String, String> variables) implements Match<T> {
    }

    /** No pattern matches the path. */
    record NotFound<T>() implements Match<T> {
    }

    /** Patterns match the path, but none for this method. */
    record WrongMethod<T>(Set<String> allowed) implements Match<T> {
    }

    private record Route<T>(HttpMethod method, String[] segments, T target) {
    }

    /**
     * @throws IllegalArgumentException when the pattern does not start with '/' or has an empty variable name
     */
    Router<T> add(HttpMethod method, String pattern, T target) {
        Objects.requireNonNull(method, "method is null");
        Objects.requireNonNull(pattern, "pattern is null");
        Objects.requireNonNull(target, "target is null");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("route pattern '" + pattern + "' must start with '/'");
        }
        String[] segments = split(pattern);
        for (String s : segments) {
            if (s.equals("{}")) {
                throw new IllegalArgumentException("route pattern '" + pattern + "' has a variable without a name");
            }
        }
        routes.add(new Route<>(method, segments, target));
        return this;
    }

    /** @param rawPath the path as sent, without the query, still percent-encoded */
    Match<T> match(HttpMethod method, String rawPath) {
        String[] segments = split(rawPath);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route<T> route : routes) {
            Map<String, String> variables = bind(route.segments(), segments);
            if (variables == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Found<>(route.target(), variables);
            }
            allowed.add(route.method().name());
        }
        return allowed.isEmpty() ? new NotFound<>() : new WrongMethod<>(Collections.unmodifiableSet(allowed));
    }

    private static Map<String, String> bind(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.length() > 2 && p.startsWith("{") && p.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                variables.put(p.substring(1, p.length() - 1), QueryStringDecoder.decodeComponent(path[i]));
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return variables;
    }

    private static String[] split(String path) {
        // One trailing slash is forgiven: "/api/v1/jobs/" is "/api/v1/jobs".
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(1).split("/", -1);
    }
}
