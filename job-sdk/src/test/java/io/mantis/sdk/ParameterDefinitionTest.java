package io.mantis.sdk;

import static io.mantis.sdk.JobTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterDefinitionTest {

    enum Color { RED, GREEN, BLUE }

    @Test
    void numbersParseIgnoringSurroundingSpace() {
        assertEquals(42, ParameterDefinition.ofInt("n").parse(" 42 "));
        assertEquals(-7_000_000_000L, ParameterDefinition.ofLong("n").parse("-7000000000"));
        assertEquals(2.5, ParameterDefinition.ofDouble("n").parse("2.5\n"));
        assertEquals("  as is ", ParameterDefinition.ofString("s").parse("  as is "));
    }

    @Test
    void anUnparsableIntNamesTheParameterTheTextAndTheType() {
        ParameterDefinition<Integer> rate = ParameterDefinition.ofInt("rate");

        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> rate.parse("12k"));

        assertEquals("rate", e.parameter());
        assertMessage(e, "parameter 'rate'", "'12k'", "not a valid int");
    }

    @Test
    void anIntOutOfRangeIsRejected() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ParameterDefinition.ofInt("n").parse("2147483648"));

        assertMessage(e, "'2147483648'", "not a valid int");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", " True "})
    void booleansAcceptTrueInAnyCase(String text) {
        assertEquals(Boolean.TRUE, ParameterDefinition.ofBoolean("b").parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "1", "0", "", "t", "on", "truee"})
    void booleansRejectAnythingButTrueAndFalse(String text) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ParameterDefinition.ofBoolean("verbose").parse(text));

        assertMessage(e, "parameter 'verbose'", "'" + text + "'", "expected true or false");
    }

    @Test
    void booleansAcceptFalse() {
        assertEquals(Boolean.FALSE, ParameterDefinition.ofBoolean("b").parse("false"));
    }

    @Test
    void enumsParseConstantNamesAndListThemWhenRejecting() {
        ParameterDefinition<Color> color = ParameterDefinition.ofEnum("color", Color.class);

        assertEquals(Color.GREEN, color.parse(" GREEN "));
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> color.parse("red"));
        assertMessage(e, "parameter 'color'", "'red'", "[RED, GREEN, BLUE]");
    }

    @Test
    void aValidatorRejectionNamesTheValueAndSaysWhatIsExpected() {
        ParameterDefinition<Integer> rate = ParameterDefinition.ofInt("rate")
                .validatedBy(r -> r > 0, "must be greater than 0");

        assertEquals(1, rate.parse("1"));
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> rate.parse("-3"));
        assertMessage(e, "parameter 'rate'", "value -3 rejected", "must be greater than 0");
    }

    @Test
    void aValidatorThatThrowsIsReportedNamingTheParameter() {
        ParameterDefinition<String> host = ParameterDefinition.ofString("host")
                .validatedBy(h -> h.charAt(3) == '.', "must have a dot at 3");

        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> host.parse("ab"));

        assertMessage(e, "parameter 'host'", "validator failed on ab");
    }

    @Test
    void aCustomParserThatThrowsWithoutMessageStillNamesTheText() {
        ParameterDefinition<Object> odd = ParameterDefinition.of("odd", "odd thing", s -> {
            throw new IllegalStateException();
        });

        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> odd.parse("x"));

        assertEquals("parameter 'odd': 'x' is not a valid odd thing", e.getMessage());
    }

    @Test
    void withersReturnCopies() {
        ParameterDefinition<Integer> base = ParameterDefinition.ofInt("n");

        ParameterDefinition<Integer> withDefault = base.withDefault(5);
        ParameterDefinition<Integer> required = withDefault.required();
        ParameterDefinition<Integer> described = required.describedAs("how many");

        assertEquals(Optional.empty(), base.defaultValue());
        assertFalse(base.isRequired());
        assertEquals("", base.description());
        assertEquals(Optional.of(5), withDefault.defaultValue());
        assertFalse(withDefault.isRequired());
        assertTrue(required.isRequired());
        assertEquals(Optional.of(5), required.defaultValue());
        assertEquals("how many", described.description());
        assertEquals("", required.description());
        assertTrue(described.isRequired());
        assertEquals("n", described.name());
        assertEquals("int", described.typeName());
        assertEquals("n (int, required, default 5)", described.toString());
    }

    @Test
    void aValidatorSurvivesLaterWithers() {
        ParameterDefinition<Integer> rate = ParameterDefinition.ofInt("rate")
                .validatedBy(r -> r > 0, "must be greater than 0")
                .withDefault(1)
                .describedAs("events per second");

        assertThrows(InvalidParameterException.class, () -> rate.parse("0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1st", "-x", "_x", "has space", "a/b", "a=b"})
    void badParameterNamesAreRejectedSayingWhatIsAllowed(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterDefinition.ofString(name));

        assertMessage(e, "parameter name '" + name + "'", "start with a letter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "rate", "source.kafka-topic_2"})
    void goodParameterNamesAreAccepted(String name) {
        assertEquals(name, ParameterDefinition.ofString(name).name());
    }

    @Test
    void nullsAreRejected() {
        ParameterDefinition<Integer> n = ParameterDefinition.ofInt("n");

        assertThrows(NullPointerException.class, () -> ParameterDefinition.ofInt(null));
        assertThrows(NullPointerException.class, () -> n.withDefault(null));
        assertThrows(NullPointerException.class, () -> n.validatedBy(null, "m"));
        assertThrows(NullPointerException.class, () -> n.validatedBy(v -> true, null));
        assertThrows(NullPointerException.class, () -> n.describedAs(null));
        assertThrows(NullPointerException.class, () -> n.parse(null));
        assertThrows(NullPointerException.class, () -> ParameterDefinition.ofEnum("e", null));
    }
}
