package io.mantis.sdk;

import static io.mantis.sdk.JobTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterValuesTest {

    enum Mode { FAST, SAFE }

    private static final ParameterDefinition<Integer> RATE = ParameterDefinition.ofInt("rate")
            .withDefault(10)
            .validatedBy(r -> r > 0, "must be greater than 0");
    private static final ParameterDefinition<String> TOPIC = ParameterDefinition.ofString("topic")
            .required()
            .describedAs("the Kafka topic to read");
    private static final ParameterDefinition<Boolean> VERBOSE = ParameterDefinition.ofBoolean("verbose");
    private static final ParameterDefinition<Mode> MODE = ParameterDefinition.ofEnum("mode", Mode.class)
            .withDefault(Mode.SAFE);

    private static final List<ParameterDefinition<?>> ALL = List.of(RATE, TOPIC, VERBOSE, MODE);

    @Test
    void absentOptionalParametersTakeTheirDefault() {
        ParameterValues values = ParameterValues.resolve(ALL, Map.of("topic", "clicks"));

        assertEquals(10, values.get(RATE));
        assertEquals(Mode.SAFE, values.get(MODE));
        assertEquals("clicks", values.get(TOPIC));
    }

    @Test
    void givenValuesAreParsedAndTyped() {
        ParameterValues values = ParameterValues.resolve(ALL,
                Map.of("topic", "clicks", "rate", "250", "verbose", "true", "mode", "FAST"));

        int rate = values.get(RATE);
        boolean verbose = values.get(VERBOSE);
        Mode mode = values.get(MODE);
        assertEquals(250, rate);
        assertTrue(verbose);
        assertEquals(Mode.FAST, mode);
        assertEquals(250, values.get("rate"));
    }

    @Test
    void anAbsentOptionalParameterWithoutDefaultHasNoValue() {
        ParameterValues values = ParameterValues.resolve(ALL, Map.of("topic", "clicks"));

        assertFalse(values.has("verbose"));
        assertNull(values.get("verbose"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> values.get(VERBOSE));
        assertMessage(e, "parameter 'verbose'", "no value and no default");
    }

    @Test
    void aMissingRequiredParameterIsRejectedWithItsDescription() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ParameterValues.resolve(ALL, Map.of()));

        assertEquals("topic", e.parameter());
        assertEquals("parameter 'topic': is required (the Kafka topic to read)", e.getMessage());
    }

    @Test
    void aRequiredParameterIgnoresItsDefault() {
        ParameterDefinition<Integer> n = ParameterDefinition.ofInt("n").withDefault(3).required();

        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ParameterValues.resolve(List.of(n), Map.of()));

        assertEquals("parameter 'n': is required", e.getMessage());
    }

    @Test
    void anUnparsableIntNamesTheParameterAndTheText() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ParameterValues.resolve(ALL, Map.of("topic", "t", "rate", "fast")));

        assertEquals("rate", e.parameter());
        assertMessage(e, "parameter 'rate'", "'fast'", "not a valid int");
    }

    @Test
    void aValueTheValidatorRejectsIsReportedWithTheValidatorsMessage() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ParameterValues.resolve(ALL, Map.of("topic", "t", "rate", "0")));

        assertEquals("parameter 'rate': value 0 rejected: must be greater than 0", e.getMessage());
    }

    @Test
    void aDefaultTheValidatorRejectsIsReportedToo() {
        ParameterDefinition<Integer> bad = ParameterDefinition.ofInt("size").withDefault(-1)
                .validatedBy(s -> s >= 0, "must not be negative");

        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ParameterValues.resolve(List.of(bad), Map.of()));

        assertMessage(e, "parameter 'size'", "value -1 rejected", "must not be negative");
    }

    @Test
    void anUnknownParameterIsRejectedListingTheAcceptedOnes() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ParameterValues.resolve(ALL, Map.of("topic", "t", "rat", "5")));

        assertEquals("rat", e.parameter());
        assertMessage(e, "parameter 'rat'", "unknown parameter", "rate (int, default 10)", "topic (string, required)",
                "verbose (boolean)", "mode");
    }

    @Test
    void aJobWithoutParametersSaysSoWhenGivenOne() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ParameterValues.resolve(List.of(), Map.of("x", "1")));

        assertMessage(e, "parameter 'x'", "accepts no parameters");
    }

    @Test
    void booleansAreStrict() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ParameterValues.resolve(ALL, Map.of("topic", "t", "verbose", "yes")));

        assertMessage(e, "parameter 'verbose'", "'yes'", "expected true or false");
    }

    @Test
    void enumsAreCheckedAgainstTheirConstants() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ParameterValues.resolve(ALL, Map.of("topic", "t", "mode", "TURBO")));

        assertMessage(e, "parameter 'mode'", "'TURBO'", "[FAST, SAFE]");
    }

    @Test
    void asStringsKeepsGivenTextAndRendersDefaults() {
        ParameterValues values = ParameterValues.resolve(ALL, Map.of("topic", "clicks", "rate", " 25"));

        assertEquals(Map.of("topic", "clicks", "rate", " 25", "mode", "SAFE"), values.asStrings());
        assertThrows(UnsupportedOperationException.class, () -> values.asStrings().put("x", "y"));
    }

    @Test
    void asStringsResolvesToTheSameValues() {
        ParameterValues first = ParameterValues.resolve(ALL, Map.of("topic", "clicks", "verbose", "false"));

        ParameterValues again = ParameterValues.resolve(ALL, first.asStrings());

        assertEquals(first.asStrings(), again.asStrings());
        assertEquals(first.toString(), again.toString());
        assertEquals(false, again.get(VERBOSE));
    }

    @Test
    void gettingAParameterTheJobDoesNotDeclareIsRejected() {
        ParameterValues values = ParameterValues.resolve(List.of(RATE), Map.of());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> values.get(TOPIC));

        assertMessage(e, "parameter 'topic'", "not declared by this job");
    }

    @Test
    void nullsAreRejected() {
        assertThrows(NullPointerException.class, () -> ParameterValues.resolve(null, Map.of()));
        assertThrows(NullPointerException.class, () -> ParameterValues.resolve(ALL, null));
        ParameterValues values = ParameterValues.resolve(List.of(RATE), Map.of());
        assertThrows(NullPointerException.class, () -> values.get((ParameterDefinition<?>) null));
    }
}
