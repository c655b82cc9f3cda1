package io.mantis.master.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeartbeatMonitorTest {

    private final HeartbeatMonitor monitor = new HeartbeatMonitor(10_000, 60_000);

    @Test
    void aLaunchedWorkerHasTheStartupGraceThenTheTimeoutAfterEachHeartbeat() {
        monitor.expectFirst("w-1-0-1", 0);
        assertEquals(List.of(), monitor.overdue(59_999));
        assertTrue(monitor.heard("w-1-0-1", 59_999));
        assertEquals(List.of(), monitor.overdue(69_999), "10 s after its heartbeat, not 60");
        assertEquals(List.of("w-1-0-1"), monitor.overdue(70_000));
    }

    @Test
    void anOverdueWorkerIsReportedOnceAndThenNoLongerWatched() {
        monitor.expectFirst("w-1-0-1", 0);
        assertEquals(List.of("w-1-0-1"), monitor.overdue(60_001));
        assertEquals(List.of(), monitor.overdue(120_000));
        assertFalse(monitor.heard("w-1-0-1", 120_000), "a late heartbeat does not bring it back by itself");
    }

    @Test
    void forgottenOrUnknownWorkersAreNeverOverdue() {
        monitor.expectFirst("w-1-0-1", 0);
        monitor.forget("w-1-0-1");
        assertFalse(monitor.heard("w-2-0-1", 0));
        assertEquals(List.of(), monitor.overdue(1_000_000));
    }
}
