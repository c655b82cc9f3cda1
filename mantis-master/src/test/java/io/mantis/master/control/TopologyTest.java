package io.mantis.master.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.job.Job;
import io.mantis.master.job.JobEvent;
import io.mantis.master.job.JobMachine;
import io.mantis.master.job.RetryPolicy;
import io.mantis.protocol.WorkerId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which addresses a stage's workers are launched with, and when a stage counts as fully placed. */
class TopologyTest {

    private final JobMachine machine = new JobMachine(RetryPolicy.DEFAULT);

    private Job place(Job job, int stage, int index, String host, int dataPort) {
        WorkerId id = job.worker(stage, index).orElseThrow().workerId();
        return machine.apply(job, new JobEvent.Placed(id, "agent-" + host, host, dataPort, dataPort + 1,
                dataPort + 2), 2_000).job();
    }

    @Test
    void aStageIsFullyPlacedOnlyWhenEveryWorkerHasAnAddress() {
        Job job = machine.submit(PlaneFixture.spec("t-1", 2, 1), 1_000).job();
        assertFalse(Topology.fullyPlaced(job, 1));
        job = place(job, 1, 1, "h2", 9010);
        assertFalse(Topology.fullyPlaced(job, 1));
        job = place(job, 1, 0, "h1", 9000);
        assertTrue(Topology.fullyPlaced(job, 1));
        assertEquals(List.of("h1:9000", "h2:9010"), Topology.dataAddresses(job, 1), "ordered by index");
    }

    @Test
    void anEndedWorkerIsNoLongerAnUpstreamAndItsStageIsNotFullyPlaced() {
        Job job = machine.submit(PlaneFixture.spec("t-1", 2, 1), 1_000).job();
        job = place(place(job, 1, 0, "h1", 9000), 1, 1, "h2", 9010);
        WorkerId lost = job.worker(1, 1).orElseThrow().workerId();
        job = machine.apply(job, new JobEvent.Lost(lost, "agent gone"), 3_000).job();
        assertEquals(List.of("h1:9000"), Topology.dataAddresses(job, 1));
        assertFalse(Topology.fullyPlaced(job, 1), "the replacement is not placed yet");
    }
}
