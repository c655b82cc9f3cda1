package io.mantis.executor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.executor.agent.job.TickJob;
import io.mantis.protocol.AgentHeartbeat;
import io.mantis.protocol.AgentHeartbeatReply;
import io.mantis.protocol.LaunchRequest;
import io.mantis.protocol.WorkerReport;
import io.mantis.protocol.WorkerReport.Status;
import io.mantis.runtime.testing.Await;
import io.mantis.runtime.testing.JobJarBuilder;
import io.mantis.runtime.worker.Assignment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real agent launching real worker JVMs, against a fake master on loopback. */
@Timeout(120)
class EmbeddedAgentTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "agent-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private FakeMaster master;
    private EmbeddedAgent agent;
    private String sha;

    @BeforeEach
    void startAgent() throws Exception {
        master = new FakeMaster();
        Path jar = JobJarBuilder.forProvider(TickJob.class).writeTo(dir.resolve("tick.jar"));
        master.serveJar(jar);
        sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        agent = EmbeddedAgent.start(new AgentConfig("a1", master.url().toString(), "perpetual", 4, 4096, 1000,
                10_000, 31000, 31999, dir.resolve("agent"), TOKEN, "mantis-test/" + UUID.randomUUID()));
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        master.close();
    }

    @Test
    void registersByHeartbeatWithItsResourcesAndUrl() {
        Await.until("an agent heartbeat", WAIT, () -> !master.agentBeats().isEmpty());
        FakeMaster.Received<AgentHeartbeat> first = master.agentBeats().get(0);
        assertEquals("Bearer " + TOKEN, first.authorization());
        AgentHeartbeat beat = first.body();
        assertEquals("a1", beat.agentId());
        assertEquals("perpetual", beat.pool());
        assertEquals(agent.url().toString(), beat.agentUrl());
        assertEquals(4, beat.resources().cpus());
        assertEquals(31000, beat.resources().portsBegin());
        assertEquals(agent.isolation(), beat.isolation());
        assertTrue(beat.workers().isEmpty(), beat.toString());
    }

    @Test
    void launchRunKillForget() throws Exception {
        String id = "tick-1-1-0-1";
        assertEquals(202, post("/launch", launch(id, sha), TOKEN).statusCode());
        assertTrue(get("/workers").contains("\"workerId\":\"" + id + "\""), "not listed at once");

        Await.until("RUNNING in an agent heartbeat", WAIT,
                () -> master.latestReport(id).map(r -> r.status() == Status.RUNNING).orElse(false),
                () -> master.latestReport(id).toString());
        Await.until("the worker's own heartbeat", WAIT,
                () -> master.workerBeats().stream().anyMatch(b -> b.body().workerId().equals(id)));
        FakeMaster.Received<io.mantis.protocol.WorkerHeartbeat> workerBeat = master.workerBeats().get(0);
        assertEquals("Bearer worker-token", workerBeat.authorization());
        assertTrue(workerBeat.body().adminPort() > 0, workerBeat.toString());
        Path assignment = dir.resolve("agent/workers/" + id + "/assignment.json");
        assertEquals(dir.resolve("agent/artifacts/" + sha + ".jar").toString(),
                Assignment.fromJson(Files.readString(assignment)).jobJar());

        assertEquals(202, post("/kill", "{\"workerId\":\"" + id + "\",\"reason\":\"test\"}", TOKEN).statusCode());
        Await.until("EXITED in an agent heartbeat", WAIT,
                () -> master.latestReport(id).map(r -> r.status() == Status.EXITED).orElse(false));
        WorkerReport exited = master.latestReport(id).orElseThrow();
        assertEquals("killed on request", exited.reason());
        assertEquals(143, exited.exitCode());

        master.reply(new AgentHeartbeatReply(List.of(), List.of(id)));
        Await.until("the worker forgotten", WAIT, () -> agent.workers().isEmpty());
        int seen = master.agentBeats().size();
        Await.until("a heartbeat without it", WAIT, () -> master.agentBeats().size() > seen + 1);
        assertTrue(master.latestReport(id).isEmpty());
    }

    @Test
    void aWorkerTheMasterListsToKillIsStopped() throws Exception {
        String id = "tick-2-1-0-1";
        post("/launch", launch(id, sha), TOKEN);
        Await.until("RUNNING", WAIT, () -> agent.workers().stream().anyMatch(w -> w.status() == Status.RUNNING));
        master.reply(new AgentHeartbeatReply(List.of(id), List.of()));
        Await.until("EXITED", WAIT, () -> agent.workers().stream().anyMatch(w -> w.status() == Status.EXITED));
        assertEquals("killed on request", agent.workers().get(0).reason());
    }

    @Test
    void aJarThatDoesNotMatchItsShaIsReportedAndNothingStarts() throws Exception {
        String id = "tick-3-1-0-1";
        String wrong = "0".repeat(64);
        post("/launch", launch(id, wrong), TOKEN);
        Await.until("EXITED", WAIT, () -> agent.workers().stream().anyMatch(w -> w.status() == Status.EXITED));
        WorkerReport r = agent.workers().get(0);
        assertEquals(-1, r.exitCode());
        assertTrue(r.reason().startsWith("could not download the job JAR: ") && r.reason().contains("expected "
                + wrong), r.reason());
        Await.until("the failure reported", WAIT, () -> master.everReported(id, Status.EXITED));
    }

    @Test
    void aWorkerWhoseJobFailsReportsItsCodeAndError() throws Exception {
        String id = "bad-1-1-0-1";
        Path notAJar = JobJarBuilder.notAJar(dir.resolve("bad.jar"));
        master.serveJar(notAJar);
        String badSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(notAJar)));
        post("/launch", launch(id, badSha), TOKEN);
        Await.until("EXITED", WAIT, () -> agent.workers().stream().anyMatch(w -> w.status() == Status.EXITED));
        WorkerReport r = agent.workers().get(0);
        assertEquals(3, r.exitCode());
        assertTrue(r.reason().startsWith("exited with code 3: error: job bad-1"), r.reason());
    }

    @Test
    void closeKillsEveryWorker() throws Exception {
        post("/launch", launch("tick-4-1-0-1", sha), TOKEN);
        Await.until("RUNNING", WAIT, () -> agent.workers().stream().anyMatch(w -> w.status() == Status.RUNNING));
        List<ProcessHandle> workers = ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("WorkerMain")).toList();
        assertEquals(1, workers.size(), "one worker JVM expected");

        agent.close();
        agent = null;
        assertFalse(workers.get(0).isAlive(), "the worker outlived its agent");
    }

    @Test
    void badRequestsAreRefusedWithClearErrors() throws Exception {
        HttpResponse<String> malformed = post("/launch", "{\"workerId\": ", TOKEN);
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().contains("malformed LaunchRequest JSON"), malformed.body());

        HttpResponse<String> badSha = post("/launch", launch("x-1-1-0-1", "abc"), TOKEN);
        assertEquals(400, badSha.statusCode());
        assertTrue(badSha.body().contains("artifactSha256 'abc'"), badSha.body());

        HttpResponse<String> noToken = post("/launch", launch("x-1-1-0-1", sha), null);
        assertEquals(401, noToken.statusCode());
        assertTrue(noToken.body().contains("Authorization: Bearer"), noToken.body());

        HttpResponse<String> unknown = post("/kill", "{\"workerId\":\"nope-1-1-0-1\"}", TOKEN);
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("no worker nope-1-1-0-1"), unknown.body());
        assertTrue(agent.workers().isEmpty());
    }

    private String launch(String workerId, String artifactSha) throws Exception {
        String jobId = workerId.substring(0, workerId.indexOf("-1-0-"));
        Assignment a = new Assignment(jobId, null, 1, 0, 1, List.of(1), Map.of(), "127.0.0.1", 0, 0, 0, List.of());
        return Json.MAPPER.writeValueAsString(new LaunchRequest(workerId, artifactSha, master.artifactUrl(artifactSha),
                a.toJson(), 1, 256, 100, master.workerHeartbeatUrl(workerId), 200, "worker-token"));
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(agent.url() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(agent.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
