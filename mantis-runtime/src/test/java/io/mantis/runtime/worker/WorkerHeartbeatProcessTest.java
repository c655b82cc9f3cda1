package io.mantis.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantis.runtime.local.ticking.TickingJob;
import io.mantis.runtime.testing.Await;
import io.mantis.runtime.testing.JobJarBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real worker process talking to a heartbeat endpoint on loopback, as an agent starts it. */
@Timeout(90)
class WorkerHeartbeatProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void beatsCarryTheReadyPortsAndTokenAndA404StopsTheWorker(@TempDir Path dir) throws Exception {
        Path jar = JobJarBuilder.forProvider(TickingJob.class).writeTo(dir.resolve("ticking.jar"));
        Assignment a = new Assignment("tick-7", jar.toString(), 1, 0, 2, List.of(1, 1), Map.of(), "127.0.0.1",
                0, 0, 0, List.of());
        Path stderr = dir.resolve("stderr.txt");
        try (FakeHeartbeatEndpoint master = new FakeHeartbeatEndpoint()) {
            ProcessBuilder builder = new ProcessBuilder(command("--assignment-json", a.toJson(),
                    "--heartbeat-url", master.url().toString(), "--heartbeat-interval-ms", "100"))
                    .redirectError(stderr.toFile());
            builder.environment().put("MANTIS_TOKEN", "tok-1");
            Process p = builder.start();
            try {
                JsonNode ports = readyPorts(p);
                Await.until("two heartbeats", Duration.ofSeconds(30), () -> master.received().size() >= 2);

                JsonNode beat = JSON.readTree(master.received().get(0).body());
                assertEquals("tick-7-1-0-2", beat.get("workerId").asText());
                assertEquals("127.0.0.1", beat.get("host").asText());
                assertEquals(ports.get("dataPort").asInt(), beat.get("dataPort").asInt());
                assertEquals(ports.get("adminPort").asInt(), beat.get("adminPort").asInt());
                assertTrue(beat.get("dataPort").asInt() > 0, beat.toString());
                assertEquals("Bearer tok-1", master.received().get(0).authorization());

                master.answer(404);
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the worker did not stop after the 404");
                assertEquals(WorkerMain.EXIT_STOPPED, p.exitValue());
                String err = Files.readString(stderr);
                assertTrue(err.contains("does not know it or has ended it"), err);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aBadIntervalIsAUsageErrorNamingTheOption() throws Exception {
        Process p = new ProcessBuilder(command("--assignment-json", "{}", "--heartbeat-url", "http://127.0.0.1:1/x",
                "--heartbeat-interval-ms", "soon")).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(WorkerMain.EXIT_USAGE, p.exitValue());
        assertTrue(err.contains("--heartbeat-interval-ms 'soon' must be a positive number"), err);
        assertTrue(err.contains("usage: WorkerMain"), err);
    }

    @Test
    void exitsWhenItsParentDiesHard(@TempDir Path dir) throws Exception {
        Path jar = JobJarBuilder.forProvider(TickingJob.class).writeTo(dir.resolve("ticking.jar"));
        Assignment a = new Assignment("tick-8", jar.toString(), 1, 0, 1, List.of(1, 1), Map.of(), "127.0.0.1",
                0, 0, 0, List.of());
        List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", "\"$@\" & echo $!; wait", "sh"));
        shell.addAll(command("--assignment-json", a.toJson(), "--exit-with-parent"));
        Process parent = new ProcessBuilder(shell).redirectError(dir.resolve("stderr.txt").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        long workerPid = Long.parseLong(out.readLine().trim());
        String ready = out.readLine();
        assertTrue(ready != null && ready.startsWith(WorkerMain.READY_PREFIX), "not ready: " + ready);
        ProcessHandle worker = ProcessHandle.of(workerPid).orElseThrow();

        parent.destroyForcibly(); // SIGKILL: no chance to clean up its children
        try {
            worker.onExit().get(30, TimeUnit.SECONDS);
        } finally {
            worker.destroyForcibly();
        }
        String err = Files.readString(dir.resolve("stderr.txt"));
        assertTrue(err.contains("stopped: its parent process"), err);
    }

    private static JsonNode readyPorts(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith(WorkerMain.READY_PREFIX), "not ready: " + line);
        return JSON.readTree(line.substring(WorkerMain.READY_PREFIX.length()));
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
