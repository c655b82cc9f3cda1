package io.mantis.master.resources.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mantis.master.resources.Lease.PortRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortRangesTest {

    @Test
    void workersPortsAndLeasedRangesAreCutOut() {
        List<PortRange> free = PortRanges.free(100, 120, List.of(100, 105, 106, 130),
                List.of(new PortRange(110, 114), new PortRange(118, 200)));

        assertEquals(List.of(new PortRange(101, 104), new PortRange(107, 109), new PortRange(115, 117)), free);
        assertEquals("101-104, 107-109, 115-117", PortRanges.describe(free));
    }

    @Test
    void aFullyTakenRangeLeavesNothingAndAnUntouchedOneStaysWhole() {
        assertEquals(List.of(), PortRanges.free(5, 7, List.of(5, 6, 7), List.of()));
        assertEquals(List.of(new PortRange(5, 7)), PortRanges.free(5, 7, List.of(4, 8), List.of(new PortRange(1, 4))));
        assertEquals(List.of(new PortRange(9, 9)), PortRanges.free(9, 9, List.of(), List.of()));
    }
}
