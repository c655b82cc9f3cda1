package io.mantis.cli.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ParsingTest {

    @Test
    void paramSplitsAtTheFirstEqualsSign() {
        assertEquals(new KeyValue("filter", "a=b"), KeyValue.parse("filter=a=b"));
        assertEquals(new KeyValue("empty", ""), KeyValue.parse("empty="));
    }

    @Test
    void paramWithoutKeyOrEqualsNamesTheValue() {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> KeyValue.parse("rate"));
        assertTrue(e.getMessage().contains("'rate' is not key=value"), e.getMessage());
        assertThrows(TypeConversionException.class, () -> KeyValue.parse("=5"));
    }

    @Test
    void repeatedParamKeepsTheLastValueInOrder() {
        Map<String, String> map = KeyValue.toMap(List.of(KeyValue.parse("b=1"), KeyValue.parse("a=2"),
                KeyValue.parse("b=3")));
        assertEquals(List.of("b", "a"), List.copyOf(map.keySet()));
        assertEquals("3", map.get("b"));
        assertNull(KeyValue.toMap(List.of()));
    }

    @Test
    void workersParsesStageAndCount() {
        assertEquals(new StageWorkers(2, 3), StageWorkers.parse("2=3"));
        assertEquals(Map.of(1, 4, 2, 3), StageWorkers.toMap(List.of(StageWorkers.parse("2=3"),
                StageWorkers.parse("1=1"), StageWorkers.parse("1=4"))));
    }

    @Test
    void badWorkersSayWhatIsWrongWithTheValue() {
        assertMessage("'2' is not STAGE=N", () -> StageWorkers.parse("2"));
        assertMessage("stage 'x' is not a whole number", () -> StageWorkers.parse("x=2"));
        assertMessage("worker count 'many' is not a whole number", () -> StageWorkers.parse("1=many"));
        assertMessage("stages are numbered from 1", () -> StageWorkers.parse("0=2"));
        assertMessage("at least 1 worker", () -> StageWorkers.parse("1=0"));
    }

    @Test
    void durationsTakeUnitsAndDefaultToSeconds() {
        assertEquals(Duration.ofSeconds(120), DurationConverter.parse("120s"));
        assertEquals(Duration.ofSeconds(45), DurationConverter.parse("45"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertMessage("'soon' is not a duration", () -> DurationConverter.parse("soon"));
        assertMessage("more than zero", () -> DurationConverter.parse("0s"));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        TypeConversionException e = assertThrows(TypeConversionException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
