package io.mantis.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Submit, replace, kill and isolation on a real embedded cluster: master, ZooKeeper, agents, worker JVMs. */
class ControlPlaneIT {

    static final String TOKEN = "it-token";

    @TempDir
    static Path dir;
    static EmbeddedCluster cluster;
    static Api api;
    static String sineWave;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start(dir, 2, 0, 4, 8192, TOKEN);
        api = cluster.api();
        sineWave = Jobs.upload(api, "sine-wave");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void submittedJobStartsAllWorkersAndStreamsOutput() throws Exception {
        String id = Jobs.submit(api, sineWave, "wave-out", Map.of("ticksPerSecond", "200")).path("id").asText();
        JsonNode job = Jobs.awaitRunning(api, id);

        assertEquals(2, Jobs.live(job).size(), "one worker per stage");
        try (SinkReader sink = Jobs.tail(job)) {
            for (int i = 0; i < 5; i++) {
                JsonNode point = Api.JSON.readTree(sink.next(Duration.ofSeconds(20)));
                assertTrue(point.has("x") && point.has("y"), "a sine-wave point: " + point);
            }
        }
    }

    @Test
    void killedWorkerProcessIsReplacedAndOutputResumes() throws Exception {
        String id = Jobs.submit(api, sineWave, "wave-replace", Map.of("ticksPerSecond", "200")).path("id").asText();
        JsonNode job = Jobs.awaitRunning(api, id);
        String first = Jobs.worker(job, 1, 0).path("workerId").asText();
        try (SinkReader sink = Jobs.tail(job)) {
            sink.next(Duration.ofSeconds(20));
            ProcessHandle process = Jobs.process(first).orElseThrow(() -> new AssertionError("no process for " + first
                    + "; worker processes:" + Jobs.workerProcesses()));
            process.destroyForcibly();

            JsonNode replaced = Eventually.await("a replacement of " + first + " started", Jobs.START, () -> {
                JsonNode now = Jobs.job(api, id);
                JsonNode w = Jobs.worker(now, 1, 0);
                return w.path("number").asInt() > 1 && w.path("state").asText().equals("STARTED")
                        ? Optional.of(now) : Optional.empty();
            });
            assertTrue(replaced.path("workers").findValuesAsText("workerId").stream().noneMatch(first::equals),
                    "the failed worker is no longer current: " + replaced.path("workers"));
            assertEquals(0, Jobs.worker(replaced, 1, 0).path("index").asInt(), "the replacement keeps its index");

            sink.drain();
            for (int i = 0; i < 5; i++) {
                sink.next(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void killingAJobEndsItsWorkersAndFreesTheirResources() {
        String id = Jobs.submit(api, sineWave, "wave-kill", Map.of()).path("id").asText();
        JsonNode job = Jobs.awaitRunning(api, id);
        List<String> workerIds = Jobs.live(job).stream().map(w -> w.path("workerId").asText()).toList();

        Api.Reply killed = api.post("/api/v1/jobs/" + id + "/actions/kill", Map.of("reason", "test is done"));
        assertEquals(200, killed.status(), killed.body().toString());
        assertEquals("KILLED", killed.body().path("state").asText());

        Eventually.await("the workers' processes of " + id + " gone", Duration.ofSeconds(30), () ->
                workerIds.stream().allMatch(w -> Jobs.process(w).isEmpty()) ? Optional.of(true) : Optional.empty());
        Eventually.await("no agent listing a worker of " + id, Duration.ofSeconds(30), () -> {
            for (JsonNode agent : api.get("/api/v1/agents").body()) {
                for (JsonNode w : agent.path("workers")) {
                    if (workerIds.contains(w.asText())) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.of(true);
        });
        Api.Reply again = api.post("/api/v1/jobs/" + id + "/actions/kill", Map.of());
        assertEquals(409, again.status(), "killing an ended job is a conflict: " + again.body());
    }

    @Test
    void workersRunInCgroupsWithTheirMachineLimits() throws Exception {
        Assumptions.assumeTrue(Files.isWritable(Path.of("/sys/fs/cgroup/cpu")) && Files.isWritable(Path.of("/sys/fs/cgroup/memory")),
                "cgroup v1 cpu and memory hierarchies are not writable here");
        String id = Jobs.submit(api, sineWave, "wave-cgroup", Map.of()).path("id").asText();
        JsonNode job = Jobs.awaitRunning(api, id);
        String workerId = Jobs.worker(job, 1, 0).path("workerId").asText();
        long pid = Jobs.process(workerId).orElseThrow(() -> new AssertionError("no process for " + workerId
                + "; worker processes:" + Jobs.workerProcesses())).pid();

        String cpuGroup = cgroupOf(pid, "cpu");
        String memoryGroup = cgroupOf(pid, "memory");
        assertTrue(cpuGroup.contains(workerId), "cpu cgroup " + cpuGroup + " is the worker's own");
        String quota = Files.readString(Path.of("/sys/fs/cgroup/cpu" + cpuGroup, "cpu.cfs_quota_us")).trim();
        String limit = Files.readString(Path.of("/sys/fs/cgroup/memory" + memoryGroup, "memory.limit_in_bytes")).trim();
        JsonNode machine = job.path("stages").get(0).path("machine");
        assertEquals(Math.round(machine.path("cpus").asDouble() * 100_000), Long.parseLong(quota));
        assertEquals(Math.round(machine.path("memoryMB").asDouble()) << 20, Long.parseLong(limit));
        api.post("/api/v1/jobs/" + id + "/actions/kill", Map.of());
    }

    @Test
    void scalingAStageStartsWorkersThatReceiveTheirShareOfTheStream() throws Exception {
        String id = Jobs.submit(api, sineWave, "wave-scale", Map.of("ticksPerSecond", "200")).path("id").asText();
        Jobs.awaitRunning(api, id);

        Api.Reply scaled = api.post("/api/v1/jobs/" + id + "/actions/scale", Map.of("stage", 2, "workers", 2));
        assertEquals(200, scaled.status(), scaled.body().toString());
        JsonNode job = Eventually.await("two started workers in stage 2", Jobs.START, () -> {
            JsonNode now = Jobs.awaitRunning(api, id);
            return Jobs.live(now).stream().filter(w -> w.path("stage").asInt() == 2).count() == 2
                    ? Optional.of(now) : Optional.empty();
        });
        JsonNode added = Jobs.worker(job, 2, 1);
        try (SinkReader sink = new SinkReader(added.path("host").asText(), added.path("sinkPort").asInt())) {
            JsonNode point = Api.JSON.readTree(sink.next(Duration.ofSeconds(30)));
            assertTrue(point.has("x"), "the new worker gets events from stage 1: " + point);
        }
        Api.Reply bad = api.post("/api/v1/jobs/" + id + "/actions/scale", Map.of("stage", 3, "workers", 1));
        assertEquals(400, bad.status(), "stage 3 does not exist: " + bad.body());
        api.post("/api/v1/jobs/" + id + "/actions/kill", Map.of());
    }

    @Test
    void clusterWithSlaMinKeepsAJobRunning() {
        Api.Reply created = api.post("/api/v1/clusters", Map.of("name", "wave-sla", "artifact", sineWave,
                "sla", Map.of("min", 1, "max", 1)));
        assertEquals(201, created.status(), created.body().toString());
        JsonNode first = Eventually.await("a job of cluster wave-sla", Jobs.START, () -> activeJob("wave-sla"));
        String firstId = first.path("id").asText();
        api.post("/api/v1/jobs/" + firstId + "/actions/kill", Map.of("reason", "test"));

        JsonNode second = Eventually.await("another job of wave-sla after the kill", Jobs.START, () ->
                activeJob("wave-sla").filter(j -> !j.path("id").asText().equals(firstId)));
        assertEquals("wave-sla", second.path("cluster").asText());
        Api.Reply busy = api.delete("/api/v1/clusters/wave-sla");
        assertEquals(409, busy.status(), "a cluster with an active job cannot be deleted: " + busy.body());
        Api.Reply relaxed = api.put("/api/v1/clusters/wave-sla", Map.of("sla", Map.of("min", 0, "max", 1)));
        assertEquals(200, relaxed.status(), relaxed.body().toString());
        api.post("/api/v1/jobs/" + second.path("id").asText() + "/actions/kill", Map.of());
    }

    @Test
    void masterMetricsCountJobsWorkersAndScheduling() {
        String id = Jobs.submit(api, sineWave, "wave-metrics", Map.of()).path("id").asText();
        Jobs.awaitRunning(api, id);
        String metrics = Eventually.await("job and worker counts in /metrics", Duration.ofSeconds(10), () -> {
            String text = api.text("/metrics");
            return text.contains("mantis_jobs{state=\"RUNNING\"}") && text.contains("mantis_workers{state=\"STARTED\"}")
                    ? Optional.of(text) : Optional.empty();
        });
        for (String name : List.of("mantis_scheduler_iteration_seconds_count", "mantis_worker_launch_latency_seconds_count",
                "mantis_scheduler_agent_cpus_used")) {
            assertTrue(metrics.contains(name), name + " is exported");
        }
        api.post("/api/v1/jobs/" + id + "/actions/kill", Map.of());
    }

    private static Optional<JsonNode> activeJob(String cluster) {
        for (JsonNode job : api.get("/api/v1/jobs?cluster=" + cluster + "&state=active").body()) {
            return Optional.of(job);
        }
        return Optional.empty();
    }

    @Test
    void badRequestsGetClearErrors() throws Exception {
        Api anonymous = new Api(cluster.url(), null);
        Api.Reply noToken = anonymous.post("/api/v1/jobs", Map.of("artifact", sineWave));
        assertEquals(401, noToken.status());
        assertEquals("unauthorized", noToken.body().path("error").asText());
        assertEquals(200, anonymous.get("/api/v1/jobs").status(), "reads need no token");

        Api.Reply notJar = api.uploadBytes("just text".getBytes(), "notes.jar");
        assertEquals(400, notJar.status());
        assertTrue(notJar.body().path("message").asText().contains("not a JAR"), notJar.error());

        Api.Reply noJob = api.uploadBytes(jarWithoutJob(), "empty.jar");
        assertEquals(400, noJob.status());
        assertTrue(noJob.body().path("message").asText().contains("declares no job"), noJob.error());

        Api.Reply tooLarge = api.uploadBytes(new byte[(int) EmbeddedCluster.MAX_ARTIFACT_BYTES + 1], "big.jar");
        assertEquals(413, tooLarge.status());
        assertEquals("too_large", tooLarge.body().path("error").asText());

        Api.Reply malformed = api.post("/api/v1/jobs", "{\"artifact\": ");
        assertEquals(400, malformed.status(), malformed.body().toString());

        Api.Reply badWorkers = api.post("/api/v1/jobs", Map.of("artifact", sineWave, "workers", Map.of("7", 2)));
        assertEquals(400, badWorkers.status());
        assertTrue(badWorkers.body().path("message").asText().contains("workers"), badWorkers.error());

        Api.Reply badParameter = api.post("/api/v1/jobs", Map.of("artifact", sineWave, "parameters", Map.of("nope", "1")));
        assertEquals(400, badParameter.status());
        assertTrue(badParameter.body().path("message").asText().contains("nope"), badParameter.error());

        Api.Reply unknown = api.get("/api/v1/jobs/no-such-job-1");
        assertEquals(404, unknown.status());
        assertEquals("not_found", unknown.body().path("error").asText());

        Api.Reply unknownArtifact = api.post("/api/v1/jobs", Map.of("artifact", "0".repeat(64)));
        assertEquals(400, unknownArtifact.status());
    }

    private static byte[] jarWithoutJob() throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        var manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        try (var jar = new java.util.jar.JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new java.util.jar.JarEntry("readme.txt"));
            jar.write("no job here".getBytes());
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** The process's cgroup path in a v1 controller's hierarchy, from /proc/<pid>/cgroup. */
    private static String cgroupOf(long pid, String controller) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
            String[] parts = line.split(":", 3);
            if (List.of(parts[1].split(",")).contains(controller)) {
                return parts[2];
            }
        }
        throw new AssertionError("process " + pid + " is in no " + controller + " cgroup");
    }
}
