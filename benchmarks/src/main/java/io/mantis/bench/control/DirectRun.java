package io.mantis.bench.control;

import io.mantis.runtime.local.LocalJob;
import io.mantis.runtime.local.LocalJobRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The reference: the same job JAR started by {@link LocalJobRunner#processes()}, which starts each worker as a
 * child JVM directly (stage by stage, each once it printed its ready line) and follows the sink's event stream.
 * No master, agent, scheduler or artifact download is involved. Stateless; each run stops its workers.
 */
final class DirectRun {

    private static final Duration RUN_DEADLINE = Duration.ofSeconds(120);

    private DirectRun() {
    }

    /**
     * Nanoseconds from just before the start call to the first event the runner's stream client received.
     *
     * @param javaOptions options of the worker JVMs, e.g. the heap the agents would give them
     */
    static long run(Path jobJar, Map<String, String> parameters, String... javaOptions) throws Exception {
        CompletableFuture<Long> first = new CompletableFuture<>();
        LocalJobRunner runner = LocalJobRunner.processes().javaOptions(javaOptions);
        parameters.forEach(runner::parameter);
        try (runner) {
            long t0 = System.nanoTime();
            LocalJob job = runner.start(jobJar, event -> first.complete(System.nanoTime()));
            // A worker that dies before any output fails the job: report that instead of waiting for the deadline.
            job.completion().whenComplete((ok, error) -> first.completeExceptionally(error != null ? error
                    : new IllegalStateException("job " + job.jobId() + " completed without any output")));
            return first.get(RUN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS) - t0;
        }
    }
}
