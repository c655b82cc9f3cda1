package io.mantis.master.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.api.ApiException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A control plane whose recovery fails must not leave a half-started plane behind. */
class ControlPlaneStartTest {

    @TempDir
    Path dir;
    private PlaneFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private static List<String> controlThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.equals("mantis-control") || n.equals("mantis-control-timer")
                        || n.equals("mantis-pools"))
                .toList();
    }

    @Test
    void aFailedRecoveryStopsThePlaneItBuiltAndStartsNoProvider() {
        PlaneFixture.await(() -> controlThreads().isEmpty(), "no control threads from other tests");
        f = new PlaneFixture(dir);
        f.store.failing(true);
        ControlPlane plane = f.build();

        ApiException e = assertThrows(ApiException.class, plane::start);
        assertEquals(503, e.status());
        assertTrue(f.provider.listener == null, "the provider was not started");
        assertTrue(f.provider.closed, "the provider was closed");
        PlaneFixture.await(() -> controlThreads().isEmpty(), "the plane's threads to end, now " + controlThreads());
    }
}
