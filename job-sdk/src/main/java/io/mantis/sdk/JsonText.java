package io.mantis.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Default text form of sink events: strings, numbers and booleans as they are, anything else as JSON. */
final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonText() {
    }

    static String render(Object event) {
        if (event instanceof CharSequence || event instanceof Number || event instanceof Boolean) {
            return event.toString();
        }
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot render " + event.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
