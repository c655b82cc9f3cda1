package io.mantis.master.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * JSON in and out of the REST API. Records are written and read by their component names; a request body that is
 * not valid JSON, has an unknown field or a value of the wrong type becomes a 400 {@link ApiException} whose
 * message names the field ({@code field 'workers.2': expected a whole number, got 'x'}).
 *
 * <p>Threading: stateless apart from a thread-safe {@link ObjectMapper}.
 */
final class JsonCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            // A misspelt field would otherwise be dropped silently and the request half-applied.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private JsonCodec() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON: " + e, e);
        }
    }

    /**
     * @param body the request body; empty or null is refused
     * @param what names the expected document in errors, e.g. "a ClusterSpec"
     * @throws ApiException 400 naming the field and what was wrong with it
     */
    static <T> T read(byte[] body, Class<T> type, String what) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("the request body is empty: send " + what + " as JSON");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw ApiException.badRequest("the request body is null: send " + what + " as JSON");
            }
            return value;
        } catch (StreamReadException e) {
            throw ApiException.badRequest("the request body is not valid JSON (" + what + " expected) at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage());
        } catch (JsonMappingException e) {
            throw ApiException.badRequest(describe(e, what));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(JsonMappingException e, String what) {
        String where = e.getPath().isEmpty() ? "the request body" : "field '" + path(e) + "'";
        if (e instanceof UnrecognizedPropertyException u) {
            return where + ": no such field in " + what + "; known fields are "
                    + u.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", "));
        }
        if (e instanceof InvalidFormatException f) {
            return where + ": expected " + expected(f.getTargetType()) + ", got '" + f.getValue() + "'";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            if (m.getProcessor() instanceof JsonParser p && p.currentToken() == JsonToken.END_OBJECT) {
                // A number field left out: it has no sensible default, so it is required.
                return where + " is missing: give " + expected(m.getTargetType());
            }
            return where + ": expected " + expected(m.getTargetType()) + ", got " + found(m);
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return where + ": " + v.getCause().getMessage();
        }
        return where + ": " + e.getOriginalMessage();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                .collect(Collectors.joining("."));
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == BigInteger.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || type == BigDecimal.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return Map.class.isAssignableFrom(type) ? "an object" : "an object (" + type.getSimpleName() + ")";
    }

    private static String found(MismatchedInputException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return "something else";
        }
        JsonToken token = parser.currentToken();
        if (token == null) {
            return "nothing";
        }
        try {
            return switch (token) {
                case START_ARRAY -> "a list";
                case START_OBJECT -> "an object";
                case VALUE_STRING -> "'" + parser.getText() + "'";
                case VALUE_NULL -> "null";
                case VALUE_TRUE, VALUE_FALSE, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
                default -> token.asString() == null ? token.name() : token.asString();
            };
        } catch (IOException unreadable) {
            return token.name();
        }
    }
}
