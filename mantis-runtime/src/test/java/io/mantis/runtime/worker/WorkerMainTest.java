package io.mantis.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.runtime.testing.JobJarBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The worker process's contract with whoever launches it: exit codes and the error it prints. */
@Timeout(60)
class WorkerMainTest {

    @Test
    void malformedAssignmentExitsWithUsageCodeAndSaysWhy() throws Exception {
        Result r = run("--assignment-json", "{\"jobId\": 5, ");

        assertEquals(WorkerMain.EXIT_USAGE, r.code);
        assertTrue(r.stderr.contains("error: malformed assignment"), r.stderr);
    }

    @Test
    void brokenJobJarExitsWithBadJobCodeNamingTheJar(@TempDir Path dir) throws Exception {
        Path garbage = JobJarBuilder.notAJar(dir.resolve("garbage.jar"));
        Assignment a = new Assignment("job-1", garbage.toString(), 1, 0, 1, List.of(1), Map.of(), "127.0.0.1",
                0, 0, 0, List.of());

        Result r = run("--assignment-json", a.toJson());

        assertEquals(WorkerMain.EXIT_BAD_JOB, r.code);
        assertTrue(r.stderr.contains("error: job job-1: ") && r.stderr.contains("garbage.jar"), r.stderr);
    }

    @Test
    void badParameterExitsWithBadJobCodeNamingTheParameter(@TempDir Path dir) throws Exception {
        Path jar = JobJarBuilder.forProvider(io.mantis.runtime.local.jobs.KeyedCountJob.class)
                .writeTo(dir.resolve("keyed.jar"));
        Assignment a = new Assignment("job-2", jar.toString(), 1, 0, 1, List.of(1, 1),
                Map.of("keys", "-3", "resultDir", dir.toString()), "127.0.0.1", 0, 0, 0, List.of());

        Result r = run("--assignment-json", a.toJson());

        assertEquals(WorkerMain.EXIT_BAD_JOB, r.code);
        assertTrue(r.stderr.contains("parameter 'keys'") && r.stderr.contains("must be greater than 0"), r.stderr);
    }

    @Test
    void sigtermStopsTheWorkerWithoutReportingAFailure(@TempDir Path dir) throws Exception {
        Path jar = JobJarBuilder.forProvider(io.mantis.runtime.local.ticking.TickingJob.class)
                .writeTo(dir.resolve("ticking.jar"));
        Assignment a = new Assignment("tick-1", jar.toString(), 1, 0, 1, List.of(1, 1), Map.of(), "127.0.0.1",
                0, 0, 0, List.of());
        Path stderrFile = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                WorkerMain.class.getName(), "--assignment-json", a.toJson())
                .redirectError(stderrFile.toFile()).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertTrue(first != null && first.startsWith(WorkerMain.READY_PREFIX), "not ready: " + first);
        }

        p.toHandle().destroy(); // SIGTERM, as a supervisor stops a worker
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the worker did not exit");
        String stderr = java.nio.file.Files.readString(stderrFile);

        assertEquals(143, p.exitValue());
        assertTrue(stderr.contains("job tick-1 stage 1 'tag' worker 0 (number 1) stopped"), stderr);
        assertTrue(!stderr.contains("error:"), stderr);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private record Result(int code, String stderr) {
    }

    private static Result run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the worker did not exit");
        return new Result(p.exitValue(), stderr);
    }
}
