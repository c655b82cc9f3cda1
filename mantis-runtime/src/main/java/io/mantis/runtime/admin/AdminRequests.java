package io.mantis.runtime.admin;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantis.runtime.net.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the admin endpoint's request bodies. Pure: bytes in, values or a {@link BadRequestException} that
 * names exactly what is wrong out.
 */
final class AdminRequests {

    static final String UPSTREAMS_EXAMPLE = "{\"upstreams\":[\"host:port\", ...]}";
    static final String COUNT_EXAMPLE = "{\"count\":N} with N >= 1";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private AdminRequests() {
    }

    /** {@code {"upstreams":["127.0.0.1:7001","[::1]:7002"]}}; an empty list means "no upstream workers". */
    static List<InetSocketAddress> upstreams(byte[] body) throws BadRequestException {
        JsonNode list = field(object(body, UPSTREAMS_EXAMPLE), "upstreams", UPSTREAMS_EXAMPLE);
        if (!list.isArray()) {
            throw new BadRequestException("'upstreams' must be an array of \"host:port\" strings, got "
                    + describe(list));
        }
        List<InetSocketAddress> addresses = new ArrayList<>(list.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String label = "upstreams[" + i + "]";
            if (!item.isTextual()) {
                throw new BadRequestException(label + " must be a \"host:port\" string, got " + describe(item));
            }
            String text = item.textValue();
            Integer earlier = seen.putIfAbsent(text, i);
            if (earlier != null) {
                throw new BadRequestException(label + " '" + text + "' repeats upstreams[" + earlier
                        + "]; list each upstream worker once");
            }
            try {
                addresses.add(HostPort.parse(text, label));
            } catch (IllegalArgumentException e) {
                // HostPort's message already names the entry and what is wrong; the caller should see it as is.
                throw new BadRequestException(e.getMessage());
            }
        }
        return addresses;
    }

    /** {@code {"count":3}}, at least 1. */
    static int downstreamWorkers(byte[] body) throws BadRequestException {
        JsonNode count = field(object(body, COUNT_EXAMPLE), "count", COUNT_EXAMPLE);
        if (!count.isIntegralNumber()) {
            throw new BadRequestException("'count' must be a whole number, got " + describe(count));
        }
        if (!count.canConvertToInt()) {
            throw new BadRequestException("'count' is out of range, got " + count);
        }
        int n = count.intValue();
        if (n < 1) {
            throw new BadRequestException("'count' must be at least 1, got " + n);
        }
        return n;
    }

    private static JsonNode object(byte[] body, String example) throws BadRequestException {
        if (body.length == 0) {
            throw new BadRequestException("request body is empty; expected " + example);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new BadRequestException("request body is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from a byte array failed", e);
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("request body must be a JSON object like " + example + ", got "
                    + describe(root));
        }
        return root;
    }

    private static JsonNode field(JsonNode object, String name, String example) throws BadRequestException {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            throw new BadRequestException("missing field '" + name + "'; expected " + example);
        }
        return value;
    }

    /** "a string \"3\"", "an object", ... for messages. */
    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String shown = node.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 57) + "...";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array " + shown;
            case OBJECT -> "an object " + shown;
            case STRING -> "a string " + shown;
            case NUMBER -> "a number " + shown;
            case BOOLEAN -> "a boolean " + shown;
            case NULL -> "null";
            default -> shown;
        };
    }
}
