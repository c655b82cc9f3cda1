package io.mantis.sdk;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A job's validated parameter values. Built by {@link #resolve}, which rejects a bad value before
 * anything runs, naming the parameter.
 */
public final class ParameterValues {

    private final Map<String, ParameterDefinition<?>> definitions;
    private final Map<String, Object> values;
    private final Map<String, String> raw;

    private ParameterValues(Map<String, ParameterDefinition<?>> definitions, Map<String, Object> values,
                            Map<String, String> raw) {
        this.definitions = definitions;
        this.values = values;
        this.raw = raw;
    }

    /**
     * Checks {@code given} against {@code definitions}: unknown names, missing required values, text that
     * does not parse and values a validator rejects all throw {@link InvalidParameterException}.
     * Absent optional parameters take their default, if any.
     */
    public static ParameterValues resolve(Collection<ParameterDefinition<?>> definitions, Map<String, String> given) {
        Objects.requireNonNull(definitions, "definitions is null");
        Objects.requireNonNull(given, "given is null");
        Map<String, ParameterDefinition<?>> byName = new LinkedHashMap<>();
        for (ParameterDefinition<?> d : definitions) {
            byName.put(d.name(), d);
        }
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                throw new InvalidParameterException(name, "unknown parameter; this job accepts "
                        + (byName.isEmpty() ? "no parameters" : byName.values().toString()));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> raw = new LinkedHashMap<>();
        for (ParameterDefinition<?> d : byName.values()) {
            String text = given.get(d.name());
            if (text != null) {
                values.put(d.name(), d.parse(text));
                raw.put(d.name(), text);
            } else if (d.isRequired()) {
                throw new InvalidParameterException(d.name(), "is required"
                        + (d.description().isEmpty() ? "" : " (" + d.description() + ")"));
            } else if (d.defaultValue().isPresent()) {
                Object v = d.defaultValue().get();
                checkDefault(d, v);
                values.put(d.name(), v);
                raw.put(d.name(), String.valueOf(v));
            }
        }
        return new ParameterValues(Collections.unmodifiableMap(byName), Collections.unmodifiableMap(values),
                Collections.unmodifiableMap(raw));
    }

    @SuppressWarnings("unchecked")
    private static <T> void checkDefault(ParameterDefinition<T> d, Object v) {
        d.check((T) v);
    }

    /** The value of {@code definition}: given, or its default. */
    @SuppressWarnings("unchecked")
    public <T> T get(ParameterDefinition<T> definition) {
        Objects.requireNonNull(definition, "definition is null");
        if (!definitions.containsKey(definition.name())) {
            throw new IllegalArgumentException("parameter '" + definition.name() + "' is not declared by this job");
        }
        Object v = values.get(definition.name());
        if (v == null) {
            throw new IllegalStateException("parameter '" + definition.name() + "' has no value and no default");
        }
        return (T) v;
    }

    /** The value of the parameter called {@code name}, or null when it has none. */
    public Object get(String name) {
        return values.get(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The values in text form, as a worker assignment carries them. */
    public Map<String, String> asStrings() {
        return raw;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
