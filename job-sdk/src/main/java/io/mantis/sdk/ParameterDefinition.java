package io.mantis.sdk;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A typed job parameter: a name, how to parse its text form, an optional default, whether it is
 * required, a validator and a description. Immutable; each {@code with...} method returns a copy.
 *
 * <pre>{@code
 * static final ParameterDefinition<Integer> RATE = ParameterDefinition.ofInt("rate")
 *         .withDefault(10_000)
 *         .validatedBy(r -> r > 0, "must be greater than 0")
 *         .describedAs("events per second the source emits");
 * }</pre>
 */
public final class ParameterDefinition<T> {

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    private final String name;
    private final String typeName;
    private final Function<String, T> parser;
    private final T defaultValue;
    private final boolean required;
    private final Predicate<? super T> validator;
    private final String validatorMessage;
    private final String description;

    private ParameterDefinition(String name, String typeName, Function<String, T> parser, T defaultValue,
                                boolean required, Predicate<? super T> validator, String validatorMessage,
                                String description) {
        this.name = name;
        this.typeName = typeName;
        this.parser = parser;
        this.defaultValue = defaultValue;
        this.required = required;
        this.validator = validator;
        this.validatorMessage = validatorMessage;
        this.description = description;
    }

    /** A parameter of any type, parsed by {@code parser} (which may throw to reject the text). */
    public static <T> ParameterDefinition<T> of(String name, String typeName, Function<String, T> parser) {
        Objects.requireNonNull(name, "name is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("parameter name '" + name
                    + "' must start with a letter and use only letters, digits, '_', '.' and '-'");
        }
        Objects.requireNonNull(typeName, "typeName is null");
        Objects.requireNonNull(parser, "parser is null");
        return new ParameterDefinition<>(name, typeName, parser, null, false, v -> true, "", "");
    }

    public static ParameterDefinition<String> ofString(String name) {
        return of(name, "string", s -> s);
    }

    public static ParameterDefinition<Integer> ofInt(String name) {
        return of(name, "int", s -> Integer.parseInt(s.trim()));
    }

    public static ParameterDefinition<Long> ofLong(String name) {
        return of(name, "long", s -> Long.parseLong(s.trim()));
    }

    public static ParameterDefinition<Double> ofDouble(String name) {
        return of(name, "double", s -> Double.parseDouble(s.trim()));
    }

    public static ParameterDefinition<Boolean> ofBoolean(String name) {
        return of(name, "boolean", ParameterDefinition::parseBoolean);
    }

    public static <E extends Enum<E>> ParameterDefinition<E> ofEnum(String name, Class<E> type) {
        Objects.requireNonNull(type, "type is null");
        return of(name, "one of " + java.util.Arrays.toString(type.getEnumConstants()),
                s -> Enum.valueOf(type, s.trim()));
    }

    public ParameterDefinition<T> withDefault(T value) {
        Objects.requireNonNull(value, "default value is null");
        return new ParameterDefinition<>(name, typeName, parser, value, required, validator, validatorMessage, description);
    }

    /** The job cannot start unless a value is given; a default is then ignored. */
    public ParameterDefinition<T> required() {
        return new ParameterDefinition<>(name, typeName, parser, defaultValue, true, validator, validatorMessage, description);
    }

    /** Values for which {@code test} is false are rejected with {@code message} ("must be ..."). */
    public ParameterDefinition<T> validatedBy(Predicate<? super T> test, String message) {
        Objects.requireNonNull(test, "test is null");
        Objects.requireNonNull(message, "message is null");
        return new ParameterDefinition<>(name, typeName, parser, defaultValue, required, test, message, description);
    }

    public ParameterDefinition<T> describedAs(String text) {
        Objects.requireNonNull(text, "description is null");
        return new ParameterDefinition<>(name, typeName, parser, defaultValue, required, validator, validatorMessage, text);
    }

    public String name() {
        return name;
    }

    public String typeName() {
        return typeName;
    }

    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public boolean isRequired() {
        return required;
    }

    public String description() {
        return description;
    }

    /**
     * Parses and validates one text value.
     *
     * @throws InvalidParameterException naming this parameter when the text does not parse or the value
     *                                   fails the validator
     */
    public T parse(String text) {
        Objects.requireNonNull(text, "text is null");
        T value;
        try {
            value = parser.apply(text);
        } catch (RuntimeException e) {
            throw new InvalidParameterException(name, "'" + text + "' is not a valid " + typeName
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
        check(value);
        return value;
    }

    void check(T value) {
        boolean ok;
        try {
            ok = validator.test(value);
        } catch (RuntimeException e) {
            throw new InvalidParameterException(name, "validator failed on " + value + ": " + e);
        }
        if (!ok) {
            throw new InvalidParameterException(name, "value " + value + " rejected: " + validatorMessage);
        }
    }

    private static Boolean parseBoolean(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("true")) {
            return Boolean.TRUE;
        }
        if (t.equals("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("expected true or false");
    }

    @Override
    public String toString() {
        return name + " (" + typeName + (required ? ", required" : "")
                + (defaultValue != null ? ", default " + defaultValue : "") + ")";
    }
}
