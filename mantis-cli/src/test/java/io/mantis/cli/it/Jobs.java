package io.mantis.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Steps the integration tests share: the example JARs, submitting, and waiting for workers. */
final class Jobs {

    static final Duration START = Duration.ofSeconds(90);

    private Jobs() {
    }

    static Path exampleJar(String name) {
        return Path.of(System.getProperty("examples.jarDir", "../examples/target"))
                .resolve("examples-" + System.getProperty("examples.version", "0.1.0-SNAPSHOT") + "-" + name + ".jar");
    }

    static String upload(Api api, String example) {
        Api.Reply reply = api.upload(exampleJar(example));
        if (reply.status() != 201) {
            throw new AssertionError("upload of " + example + " failed: " + reply.status() + " " + reply.error());
        }
        return reply.body().path("sha256").asText();
    }

    static JsonNode submit(Api api, String sha, String name, Map<String, String> parameters) {
        Api.Reply reply = api.post("/api/v1/jobs", Map.of("artifact", sha, "name", name, "parameters", parameters));
        if (reply.status() != 201) {
            throw new AssertionError("submit failed: " + reply.status() + " " + reply.error());
        }
        return reply.body();
    }

    static JsonNode job(Api api, String id) {
        Api.Reply reply = api.get("/api/v1/jobs/" + id);
        if (reply.status() != 200) {
            throw new AssertionError("GET job " + id + ": " + reply.status() + " " + reply.error());
        }
        return reply.body();
    }

    /** Waits until the job is RUNNING with every worker STARTED, and returns it. */
    static JsonNode awaitRunning(Api api, String id) {
        return Eventually.await("job " + id + " running with all workers started", START, () -> {
            JsonNode job = job(api, id);
            boolean all = job.path("state").asText().equals("RUNNING");
            for (JsonNode w : live(job)) {
                all &= w.path("state").asText().equals("STARTED");
            }
            return all ? Optional.of(job) : Optional.empty();
        });
    }

    /** The workers that have not ended. */
    static List<JsonNode> live(JsonNode job) {
        List<JsonNode> live = new ArrayList<>();
        for (JsonNode w : job.path("workers")) {
            String state = w.path("state").asText();
            if (!List.of("COMPLETED", "FAILED", "KILLED", "LOST").contains(state)) {
                live.add(w);
            }
        }
        return live;
    }

    static JsonNode worker(JsonNode job, int stage, int index) {
        for (JsonNode w : live(job)) {
            if (w.path("stage").asInt() == stage && w.path("index").asInt() == index) {
                return w;
            }
        }
        throw new AssertionError("job " + job.path("id").asText() + " has no live worker " + stage + "/" + index
                + ": " + job.path("workers"));
    }

    static SinkReader tail(JsonNode job) {
        int last = job.path("stages").size();
        JsonNode sink = worker(job, last, 0);
        return new SinkReader(sink.path("host").asText(), sink.path("sinkPort").asInt());
    }

    /**
     * The worker's JVM, found by its id on its command line. Read from /proc, because the JDK gives up on long
     * command lines such as a worker's class path.
     */
    static Optional<ProcessHandle> process(String workerId) {
        return workerPids(workerId).stream().findFirst().flatMap(ProcessHandle::of);
    }

    private static List<Long> workerPids(String workerId) {
        List<Long> pids = new ArrayList<>();
        for (Map.Entry<Long, String> e : commandLines().entrySet()) {
            if (e.getValue().contains("WorkerMain") && e.getValue().contains(workerId + "/")) {
                pids.add(e.getKey());
            }
        }
        return pids;
    }

    private static Map<Long, String> commandLines() {
        Map<Long, String> lines = new java.util.TreeMap<>();
        java.io.File[] entries = new java.io.File("/proc").listFiles();
        for (java.io.File dir : entries == null ? new java.io.File[0] : entries) {
            if (!dir.getName().chars().allMatch(Character::isDigit)) {
                continue;
            }
            try {
                byte[] raw = java.nio.file.Files.readAllBytes(dir.toPath().resolve("cmdline"));
                lines.put(Long.parseLong(dir.getName()), new String(raw, java.nio.charset.StandardCharsets.UTF_8)
                        .replace('\0', ' '));
            } catch (java.io.IOException e) {
                // the process ended while we looked
            }
        }
        return lines;
    }

    /** What the test can see of worker JVMs, for failure messages. */
    static String workerProcesses() {
        StringBuilder seen = new StringBuilder();
        commandLines().forEach((pid, c) -> {
            if (c.contains("WorkerMain")) {
                seen.append('\n').append(pid).append(' ').append(c.length() > 300 ? "..." + c.substring(c.length() - 300) : c);
            }
        });
        return seen.length() == 0 ? " none" : seen.toString();
    }

    static long processCount(String workerId) {
        return workerPids(workerId).size();
    }
}
