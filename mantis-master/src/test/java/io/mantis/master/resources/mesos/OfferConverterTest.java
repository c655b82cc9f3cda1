package io.mantis.master.resources.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mantis.master.resources.Lease;
import io.mantis.master.resources.Lease.PortRange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfferConverterTest {

    @Test
    void repeatedScalarsAreSummedPortsKeptAndOnlyTextAttributesRead() {
        Lease lease = OfferConverter.toLease(MesosFixtures.offer("offer-1", "agent-1", "host-1"), 42L);

        assertEquals("offer-1", lease.leaseId());
        assertEquals("agent-1", lease.agentId());
        assertEquals("host-1", lease.hostname());
        assertEquals(8.0, lease.cpus(), 1e-9, "2 reserved + 6 unreserved cpus");
        assertEquals(16384.0, lease.memoryMB(), 1e-9);
        assertEquals(1000.0, lease.networkMbps(), 1e-9);
        assertEquals(20000.0, lease.diskMB(), 1e-9);
        assertEquals(List.of(new PortRange(31000, 31009), new PortRange(32000, 32000)), lease.ports());
        assertEquals(Map.of("pool", "perpetual"), lease.attributes(), "the SCALAR rack attribute is left out");
        assertEquals(42L, lease.offeredAtMillis());
    }
}
