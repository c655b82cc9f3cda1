package io.mantis.master.control;

import static org.junit.jupiter.api.Assertions.fail;

import io.mantis.master.artifacts.ArtifactStore;
import io.mantis.master.artifacts.JarInspector;
import io.mantis.master.job.DurationType;
import io.mantis.master.job.Job;
import io.mantis.master.job.JobSpec;
import io.mantis.master.job.MachineSpec;
import io.mantis.master.job.StageSpec;
import io.mantis.master.metrics.MasterMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A real control plane (real loop, job machine, scheduler and wiring) over a {@link MemoryStore} and a
 * {@link RecordingProvider}. Each {@link #start()} builds a new plane on the same store, as a restarted master does.
 */
final class PlaneFixture implements AutoCloseable {

    static final String SHA = "ab".repeat(32);

    final MemoryStore store = new MemoryStore();
    private final Path dataDir;
    private final List<ControlPlane> planes = new ArrayList<>();
    RecordingProvider provider;
    ControlPlane plane;

    PlaneFixture(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Builds and starts a new control plane on the store; the previous one, if any, must be closed first. */
    ControlPlane start() {
        provider = new RecordingProvider(store);
        plane = build();
        plane.start();
        return plane;
    }

    /** A control plane on the store, not started. */
    ControlPlane build() {
        RecordingProvider p = provider == null ? new RecordingProvider(store) : provider;
        provider = p;
        ControlPlane built = ControlPlaneFactory.build(store,
                new ArtifactStore(dataDir, new JarInspector(), Clock.systemUTC()),
                new MasterMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                URI.create("http://127.0.0.1:1"), null, Duration.ofSeconds(10), Duration.ofSeconds(10),
                Clock.systemUTC(), context -> p);
        planes.add(built);
        return built;
    }

    /** A job {@code <id>} with the given worker count per stage, 1 cpu and 256 MB each. */
    static JobSpec spec(String id, int... workersPerStage) {
        List<StageSpec> stages = new ArrayList<>();
        for (int i = 0; i < workersPerStage.length; i++) {
            stages.add(new StageSpec(i + 1, "s" + (i + 1), workersPerStage[i], new MachineSpec(1, 256, 10, 10)));
        }
        return new JobSpec(id, id.replaceAll("-\\d+$", ""), SHA, Map.of(), DurationType.PERPETUAL, stages,
                System.currentTimeMillis());
    }

    Job submit(JobSpec spec) {
        return plane.call(p -> p.jobs().submit(spec));
    }

    Job job(String id) {
        return plane.call(p -> p.job(id));
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for: " + what);
            }
        }
    }

    @Override
    public void close() {
        planes.forEach(ControlPlane::close);
    }
}
