package io.mantis.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.runtime.local.LocalJob;
import io.mantis.runtime.local.LocalJobRunner;
import io.mantis.runtime.testing.Await;
import io.mantis.runtime.testing.LocalJobRunnerExtension;
import io.mantis.runtime.testing.WorkerProcesses;
import io.mantis.runtime.worker.JobJarLoader;
import io.mantis.runtime.worker.LoadedJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The job JARs the build packages: each declares its job, and runs in worker processes. */
@ExtendWith(LocalJobRunnerExtension.class)
@Timeout(120)
class ExampleJarsIT {

    private static Path jar(String classifier) {
        return Path.of(System.getProperty("examples.jarDir"),
                "examples-" + System.getProperty("examples.version") + "-" + classifier + ".jar");
    }

    @ParameterizedTest
    @CsvSource({"word-count, word-count, 2", "request-log, request-log, 2", "sine-wave, sine-wave, 2"})
    void eachJobJarDeclaresItsJob(String classifier, String jobName, int stages) throws Exception {
        try (LoadedJob loaded = JobJarLoader.load(jar(classifier))) {
            assertEquals(jobName, loaded.job().name());
            assertEquals(stages, loaded.job().stages().size());
        }
    }

    @Test
    void requestLogJarRunsInWorkerProcessesAndStreamsEnrichedEvents(@WorkerProcesses LocalJobRunner runner)
            throws Exception {
        Queue<Object> out = new ConcurrentLinkedQueue<>();
        LocalJob job = runner.parameter("rate", "500").start(jar("request-log"), out::add);

        Await.until("enriched events from the sink workers' streams", Duration.ofSeconds(60), () -> out.size() >= 50);

        String first = out.peek().toString();
        assertTrue(first.contains("\"service\":") && first.contains("\"statusClass\":"), first);
        assertTrue(job.workers(2).stream().allMatch(w -> w.isAlive()), "the job should still be running");
    }
}
