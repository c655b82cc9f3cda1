package io.mantis.bench.mantis;

import io.mantis.bench.common.SinkStats;
import io.mantis.bench.job.DataPlaneJob;
import io.mantis.bench.run.DataPlaneSystem;
import io.mantis.bench.run.HangReport;
import io.mantis.bench.run.RunSpec;
import io.mantis.runtime.local.LocalJob;
import io.mantis.runtime.local.LocalJobRunner;
import io.mantis.runtime.local.WorkerHandle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Our pipeline, run by {@link LocalJobRunner} with one worker per stage: either each worker in its own child
 * JVM, started from the job JAR exactly as the platform would ({@link #processes}), or both as threads of
 * this JVM ({@link #inJvm}), still connected over loopback sockets. The sink's result file is the only
 * source of figures; a run whose job failed or whose sink wrote nothing yields an error, never a number.
 */
public final class MantisPipeline implements DataPlaneSystem {

    private final String label;
    private final Path jobJar;
    private int run;

    private MantisPipeline(String label, Path jobJar) {
        this.label = label;
        this.jobJar = jobJar;
    }

    /** Two worker processes, the job loaded from {@code jobJar}. */
    public static MantisPipeline processes(Path jobJar) {
        Objects.requireNonNull(jobJar, "jobJar is null");
        return new MantisPipeline("Mantis, 2 worker processes", jobJar);
    }

    /** Both workers as threads of this JVM, the job taken from the harness's own classpath. */
    public static MantisPipeline inJvm() {
        return new MantisPipeline("Mantis, in one JVM", null);
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public SinkStats run(RunSpec spec) throws Exception {
        run++;
        String name = (jobJar != null ? "mantis-proc-" : "mantis-jvm-") + run;
        Path result = spec.workDir().resolve(name + ".result");
        Files.deleteIfExists(result);
        try (LocalJobRunner runner = jobJar != null
                ? LocalJobRunner.processes().javaOptions(spec.childJvmOptions().toArray(String[]::new))
                : LocalJobRunner.inJvm()) {
            runner.jobId(name)
                    .workers(1, 1)
                    .workers(2, 1)
                    .parameter(DataPlaneJob.EVENTS.name(), Long.toString(spec.events()))
                    .parameter(DataPlaneJob.RATE.name(), Long.toString(spec.rate()))
                    .parameter(DataPlaneJob.KEYS.name(), Integer.toString(spec.keys()))
                    .parameter(DataPlaneJob.WARMUP_EVENTS.name(), Long.toString(spec.warmupEvents()))
                    .parameter(DataPlaneJob.RESULT_FILE.name(), result.toString());
            // Closing the runner stops the job's workers, also when the run failed or timed out.
            LocalJob job = jobJar != null ? runner.start(jobJar) : runner.start(new DataPlaneJob().job());
            try {
                job.awaitCompletion(spec.timeout());
            } catch (TimeoutException e) {
                Path report = spec.workDir().resolve(name + ".hang.txt");
                reportHang(job, name).appendTo(report);
                throw new TimeoutException(e.getMessage() + "; thread dumps and worker metrics in " + report);
            }
        }
        try {
            return SinkStats.readFrom(result);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the job completed but its sink wrote no result file " + result, e);
        }
    }

    /** Worker health and metrics, then thread dumps, taken while the job still hangs. */
    private static HangReport reportHang(LocalJob job, String name) {
        HangReport report = new HangReport("job " + name + " did not complete");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int stage = 1; stage <= 2; stage++) {
            for (WorkerHandle w : job.workers(stage)) {
                for (String path : new String[] {"/health", "/metrics"}) {
                    String heading = "stage " + stage + " worker " + w.index() + " " + path;
                    try {
                        HttpRequest request = HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + w.adminPort() + path))
                                .timeout(Duration.ofSeconds(10))
                                .build();
                        report.section(heading, http.send(request, HttpResponse.BodyHandlers.ofString()).body());
                    } catch (Exception e) {
                        report.section(heading, "(unavailable: " + e + ")");
                    }
                }
            }
        }
        return report.threadDumps();
    }
}
