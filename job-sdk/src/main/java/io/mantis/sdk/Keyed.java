package io.mantis.sdk;

import java.util.Objects;

/**
 * An event with a routing key. A stage whose output is keyed (see {@link Stage#toKeyed}) sends every
 * event of one key to the same worker of the next stage, so that worker sees all of that key's events.
 *
 * @param key   the routing key, never null
 * @param value the payload, never null
 */
public record Keyed<K, V>(K key, V value) {
    public Keyed {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(value, "value is null");
    }

    public static <K, V> Keyed<K, V> of(K key, V value) {
        return new Keyed<>(key, value);
    }
}
