package io.mantis.cli.options;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A {@code --param key=value}: the key is not blank; the value may be empty and may contain {@code =}. */
public record KeyValue(String key, String value) {

    public static KeyValue parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || text.substring(0, eq).isBlank()) {
            throw new TypeConversionException("'" + text + "' is not key=value; write e.g. --param rate=100");
        }
        return new KeyValue(text.substring(0, eq).trim(), text.substring(eq + 1));
    }

    /** The pairs as a map in the order given; a key given twice keeps its last value. Null when there are none. */
    public static Map<String, String> toMap(List<KeyValue> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue kv : pairs) {
            map.put(kv.key(), kv.value());
        }
        return map;
    }

    /** For picocli. */
    public static final class Converter implements ITypeConverter<KeyValue> {
        @Override
        public KeyValue convert(String value) {
            return parse(value);
        }
    }
}
