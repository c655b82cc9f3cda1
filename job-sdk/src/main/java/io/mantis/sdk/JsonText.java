package io.mantis.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Default text form of sink events: strings, numbers and booleans as they are, anything else as JSON, mapped
 * by the same {@link Codecs#MAPPER} as the JSON codecs.
 */
final class JsonText {

    private JsonText() {
    }

    static String render(Object event) {
        if (event instanceof CharSequence || event instanceof Number || event instanceof Boolean) {
            return event.toString();
        }
        try {
            return Codecs.MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot render " + event.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
