package io.mantis.master.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.api.ApiException;
import io.mantis.master.job.JobState;
import io.mantis.protocol.WorkerHeartbeat;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status codes the control plane's operations answer with, as the REST API passes them on. */
class ControlPlaneErrorsTest {

    @TempDir
    Path dir;
    private PlaneFixture f;

    @BeforeEach
    void setUp() {
        f = new PlaneFixture(dir);
        f.start();
        f.submit(PlaneFixture.spec("job-1", 2));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private ApiException fails(Function<ControlPlane, ?> task) {
        return assertThrows(ApiException.class, () -> f.plane.call(task));
    }

    @Test
    void actionsOnAnUnknownJobAre404() {
        assertEquals(404, fails(p -> p.kill("nope-1", null)).status());
        assertEquals(404, fails(p -> p.scale("nope-1", 1, 2)).status());
        assertEquals(404, fails(p -> p.resubmit("nope-1", "nope-1-1-0-1")).status());
        assertTrue(fails(p -> p.job("nope-1")).getMessage().contains("'nope-1'"));
    }

    @Test
    void killingAnEndedJobIs409() {
        assertEquals(JobState.KILLED, f.plane.call(p -> p.kill("job-1", "test")).state());
        ApiException again = fails(p -> p.kill("job-1", null));
        assertEquals(409, again.status());
        assertEquals(409, fails(p -> p.scale("job-1", 1, 3)).status());
    }

    @Test
    void badScaleAndResubmitArgumentsAre400Or404() {
        assertEquals(400, fails(p -> p.scale("job-1", 7, 1)).status());
        assertEquals(400, fails(p -> p.resubmit("job-1", null)).status());
        ApiException malformed = fails(p -> p.resubmit("job-1", "not-a-worker"));
        assertEquals(400, malformed.status());
        assertTrue(malformed.getMessage().contains("workerId"), malformed.getMessage());
        assertEquals(404, fails(p -> p.resubmit("job-1", "job-1-1-5-1")).status());
    }

    @Test
    void heartbeatsOfUnknownOrEndedWorkersAre404AndMalformedOnes400() {
        ApiException missing = assertThrows(ApiException.class,
                () -> f.plane.workerHeartbeat(new WorkerHeartbeat(null, "h", 1, 2, 3)));
        assertEquals(400, missing.status());
        ApiException malformed = assertThrows(ApiException.class,
                () -> f.plane.workerHeartbeat(new WorkerHeartbeat("garbage", "h", 1, 2, 3)));
        assertEquals(400, malformed.status());
        ApiException unknownJob = assertThrows(ApiException.class,
                () -> f.plane.workerHeartbeat(new WorkerHeartbeat("other-1-1-0-1", "h", 1, 2, 3)));
        assertEquals(404, unknownJob.status());
        ApiException oldNumber = assertThrows(ApiException.class,
                () -> f.plane.workerHeartbeat(new WorkerHeartbeat("job-1-1-0-7", "h", 1, 2, 3)));
        assertEquals(404, oldNumber.status());
        f.plane.call(p -> p.kill("job-1", null));
        ApiException ended = assertThrows(ApiException.class,
                () -> f.plane.workerHeartbeat(new WorkerHeartbeat("job-1-1-0-1", "h", 1, 2, 3)));
        assertEquals(404, ended.status());
    }

    @Test
    void aCallAfterTheControlPlaneClosedIs503() {
        f.plane.close();
        ApiException closed = fails(p -> p.job("job-1"));
        assertEquals(503, closed.status());
    }

    @Test
    void anUnreachableStoreIs503AndChangesNothing() {
        f.store.failing(true);
        ApiException down = fails(p -> p.kill("job-1", null));
        assertEquals(503, down.status());
        assertTrue(down.getMessage().contains("store"), down.getMessage());
        f.store.failing(false);
        assertEquals(JobState.ACCEPTED, f.job("job-1").state(), "the kill was not stored, so it did not happen");
    }
}
