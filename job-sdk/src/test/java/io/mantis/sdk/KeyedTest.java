package io.mantis.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KeyedTest {

    @Test
    void keyAndValueAreRequired() {
        assertEquals("key is null", assertThrows(NullPointerException.class, () -> Keyed.of(null, 1)).getMessage());
        assertEquals("value is null", assertThrows(NullPointerException.class, () -> Keyed.of("k", null)).getMessage());
    }

    @Test
    void keyedEventsAreValues() {
        assertEquals(new Keyed<>("k", 1), Keyed.of("k", 1));
        assertEquals("k", Keyed.of("k", 1).key());
        assertEquals(1, Keyed.of("k", 1).value());
    }
}
