package io.mantis.sdk;

import static io.mantis.sdk.JobTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MachineDefinitionTest {

    @Test
    void theDefaultIsOneCoreAndOneGibibyte() {
        assertEquals(new MachineDefinition(1.0, 1024, 128, 1024), MachineDefinition.DEFAULT);
    }

    @Test
    void theSmallestValuesAreAccepted() {
        MachineDefinition small = MachineDefinition.of(0.01, 32, 0, 0);

        assertEquals(0.01, small.cpus());
        assertEquals(32, small.memoryMB());
        assertEquals(0, small.networkMbps());
        assertEquals(0, small.diskMB());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void cpusMustBePositiveAndFinite(double cpus) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MachineDefinition.of(cpus, 1024, 0, 0));

        assertMessage(e, "cpus must be a finite number greater than 0", "was " + cpus);
    }

    @Test
    void memoryBelow32MebibytesIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MachineDefinition.of(1, 31, 0, 0));

        assertMessage(e, "memoryMB must be at least 32", "was 31");
    }

    @Test
    void negativeNetworkIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MachineDefinition.of(1, 64, -1, 0));

        assertMessage(e, "networkMbps must not be negative", "was -1");
    }

    @Test
    void negativeDiskIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MachineDefinition.of(1, 64, 0, -5));

        assertMessage(e, "diskMB must not be negative", "was -5");
    }
}
