package io.mantis.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.runtime.local.failing.ThrowingStageJob;
import io.mantis.runtime.local.jobs.KeyedCountJob;
import io.mantis.runtime.local.multiline.MultiLineJob;
import io.mantis.runtime.local.ticking.TickingJob;
import io.mantis.runtime.testing.Await;
import io.mantis.runtime.testing.JobJarBuilder;
import io.mantis.runtime.testing.LocalJobRunnerExtension;
import io.mantis.runtime.testing.WorkerProcesses;
import io.mantis.sdk.InvalidJobException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Whole jobs with every worker in its own JVM, started from a job JAR as the executor will start them. */
@ExtendWith(LocalJobRunnerExtension.class)
@Timeout(180)
class LocalJobRunnerProcessesTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void keyedPipelineAcrossProcessesCountsExactlyAndEachKeyHasOneOwner(@WorkerProcesses LocalJobRunner runner,
            @TempDir Path dir) throws Exception {
        Path jar = JobJarBuilder.forProvider(KeyedCountJob.class).writeTo(dir.resolve("keyed-count.jar"));
        Path results = java.nio.file.Files.createDirectory(dir.resolve("results"));

        LocalJob job = runner.workers(1, 2).workers(2, 2)
                .parameter("events", "1000000").parameter("keys", "10000")
                .parameter("resultDir", results.toString())
                .start(jar);
        job.awaitCompletion(WAIT);

        ResultFiles.assertExact(ResultFiles.read(results), 2, 1_000_000, 10_000);
    }

    @Test
    void throwingStageInAWorkerProcessFailsTheJobWithTheStagesError(@WorkerProcesses LocalJobRunner runner,
            @TempDir Path dir) throws Exception {
        Path jar = JobJarBuilder.forProvider(ThrowingStageJob.class).writeTo(dir.resolve("throwing.jar"));

        LocalJob job = runner.jobId("throwing-3").start(jar);
        JobFailedException failure = assertThrows(JobFailedException.class, () -> job.awaitCompletion(WAIT));

        String message = failure.getMessage();
        assertTrue(message.contains("exited with code 1"), message);
        assertTrue(message.contains("job throwing-3 stage 2 'explode' worker 0"), message);
        assertTrue(message.contains("boom at event 1000"), message);
    }

    @Test
    void brokenJarIsRejectedBeforeAnyProcessStarts(@WorkerProcesses LocalJobRunner runner, @TempDir Path dir)
            throws Exception {
        Path garbage = JobJarBuilder.notAJar(dir.resolve("broken.jar"));

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> runner.start(garbage));

        assertTrue(e.getMessage().contains("broken.jar"), e.getMessage());
    }

    @Test
    void processOutputKeepsAMultiLineEventWhole(@WorkerProcesses LocalJobRunner runner, @TempDir Path dir)
            throws Exception {
        Path jar = JobJarBuilder.forProvider(MultiLineJob.class).writeTo(dir.resolve("multi-line.jar"));
        Queue<Object> out = new ConcurrentLinkedQueue<>();
        runner.start(jar, out::add);

        Await.until("20 events from the sink worker's stream", WAIT, () -> out.size() >= 20);

        for (Object event : out) {
            assertTrue(event.toString().matches("first (\\d+)\nsecond \\1"), "not one whole event: " + event);
        }
    }

    @Test
    void killedUpstreamProcessIsReplacedAndItsOutputResumes(@WorkerProcesses LocalJobRunner runner, @TempDir Path dir)
            throws Exception {
        Path jar = JobJarBuilder.forProvider(TickingJob.class).writeTo(dir.resolve("ticking.jar"));
        Queue<Object> out = new ConcurrentLinkedQueue<>();
        LocalJob job = runner.start(jar, out::add);
        Await.until("output from the first source worker", WAIT,
                () -> out.stream().anyMatch(s -> s.toString().startsWith("number-1-")));

        WorkerHandle replacement = job.replaceWorker(1, 0);

        assertEquals(2, replacement.number());
        Await.until("output from the replacement worker process", WAIT,
                () -> out.stream().anyMatch(s -> s.toString().startsWith("number-2-")));
        assertTrue(job.workers(2).get(0).isAlive(), "the downstream worker must survive its upstream's death");
    }
}
