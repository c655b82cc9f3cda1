package io.mantis.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsAlignToTheWidestCellWithoutTrailingBlanks() {
        String text = Table.of("ID", "STATE", "REASON")
                .row("sine-1", "RUNNING", null)
                .row("x", "FAILED", "exit 3")
                .render();
        assertEquals("""
                ID      STATE    REASON
                sine-1  RUNNING  -
                x       FAILED   exit 3
                """, text);
    }

    @Test
    void headerOnlyWhenEmpty() {
        assertEquals("A  B\n", Table.of("A", "B").render());
    }

    @Test
    void rowOfTheWrongWidthIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Table.of("A", "B").row("only one"));
    }

    @Test
    void numbersAndSizesReadNaturally() {
        assertEquals("4", Formats.number(4.0));
        assertEquals("0.5", Formats.number(0.5));
        assertEquals("512 B", Formats.size(512));
        assertEquals("2 KiB", Formats.size(2048));
        assertEquals("1.5 MiB", Formats.size(1536 * 1024));
        assertEquals("ab12cd34ef56", Formats.shortSha("ab12cd34ef56ab12cd34"));
    }
}
