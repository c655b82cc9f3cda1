package io.mantis.bench.pools;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.up.AgentPlan;
import io.mantis.cli.up.LocalCluster;
import io.mantis.master.MasterConfig;
import io.mantis.master.pools.PoolRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The pool scenario (not a timed test): on an embedded cluster as {@code mantis up} runs it, one perpetual sine wave
 * runs while a burst of interactive (TRANSIENT) sine waves arrives, more than the one starting transient agent holds;
 * a client subscribes to each, stays a while and leaves, so each job ends by its subscription timeout. Prints a
 * timeline of agents per pool per state, the time from the last interactive job ending to the transient pool back at
 * its minimum, the transient pool's agent-seconds against a fixed pool sized for its peak, the scale actions, and
 * the number of workers ever placed on an agent of the other pool (must be 0; the exit code is 1 otherwise).
 *
 * <pre>usage: pools-scenario.sh [--burst N] [--session SECONDS] [--subscription-timeout SECONDS]
 *                           [--cool-down SECONDS] [--max-agents N] [--jar SINE_WAVE_JAR]</pre>
 */
public final class PoolsScenario {

    private static final String USAGE = "usage: pools-scenario.sh [--burst N] [--session SECONDS] "
            + "[--subscription-timeout SECONDS] [--cool-down SECONDS] [--max-agents N] [--jar SINE_WAVE_JAR]";
    /** Each worker's machine; an agent of {@link #AGENT_CPUS} holds two jobs of two such workers. */
    private static final Map<String, Object> WORKER = Map.of("cpus", 1.0, "memoryMB", 512, "networkMbps", 10,
            "diskMB", 100);
    private static final int AGENT_CPUS = 4;
    private static final int AGENT_MEMORY_MB = 4096;
    private static final List<String> ENDED = List.of("COMPLETED", "FAILED", "KILLED");
    /** Ports of the scenario's agents: away from mantis up (31000...) and the integration tests. */
    private static final int FIRST_PORT = 27000;

    private PoolsScenario() {
    }

    public static void main(String[] args) throws Exception {
        int burst = 4;
        int session = 8;
        int subscriptionTimeout = 60;
        int coolDown = 5;
        int maxAgents = 4;
        String jar = System.getProperty("bench.sineWaveJar");
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--burst" -> burst = positive("--burst", args[++i]);
                    case "--session" -> session = positive("--session", args[++i]);
                    case "--subscription-timeout" -> subscriptionTimeout = positive("--subscription-timeout", args[++i]);
                    case "--cool-down" -> coolDown = positive("--cool-down", args[++i]);
                    case "--max-agents" -> maxAgents = positive("--max-agents", args[++i]);
                    case "--jar" -> jar = args[++i];
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
        } catch (RuntimeException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
        }
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            System.err.println("the sine-wave job JAR '" + jar + "' does not exist: build examples first "
                    + "(bench/pools-scenario.sh does) or pass --jar\n" + USAGE);
            System.exit(2);
        }
        PoolRule rule = new PoolRule("transient", 1, 1, Duration.ofSeconds(coolDown), 1, maxAgents);
        System.out.printf(Locale.ROOT, "machine: %d cpus, load average %.1f at start%n",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "agents of %d cpus, %d MB; perpetual pool fixed at 1 agent; transient pool "
                        + "%d-%d agents, idle %d-%d, cool-down %d s%n", AGENT_CPUS, AGENT_MEMORY_MB, rule.minSize(),
                rule.maxSize(), rule.minIdle(), rule.maxIdle(), coolDown);
        System.out.printf(Locale.ROOT, "jobs: sine wave, 2 stages of one worker of 1 cpu, 512 MB; 1 perpetual, "
                + "then %d interactive, each visited by one client for %d s (subscription timeout %d s)%n%n", burst,
                session, subscriptionTimeout);

        Path dir = Files.createTempDirectory("mantis-bench-pools-");
        boolean ok;
        try (LocalCluster cluster = LocalCluster.start(MasterConfig.defaults(dir).withPort(0)
                .withPools(List.of(rule)), new AgentPlan(1, 1, AGENT_CPUS, AGENT_MEMORY_MB, 1000, 100_000, FIRST_PORT), dir)) {
            ok = run(new ScenarioApi(cluster.url()), Path.of(jar), rule, burst, session, subscriptionTimeout);
        } finally {
            delete(dir);
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean run(ScenarioApi api, Path jar, PoolRule rule, int burst, int session,
                               int subscriptionTimeout) throws Exception {
        long origin = System.nanoTime();
        String sha = api.upload(jar);
        createCluster(api, "steady", sha, "PERPETUAL", null);
        createCluster(api, "interactive", sha, "TRANSIENT", subscriptionTimeout);
        try (PoolTimeline timeline = new PoolTimeline(api, System.out, origin, 1000)) {
            System.out.println("timeline (printed on change; seconds since start):");
            timeline.start();
            String perpetual = api.post(201, "/api/v1/clusters/steady/jobs", Map.of()).path("id").asText();
            JsonNode steady = awaitSink(api, perpetual, Duration.ofSeconds(120));
            List<String> perpetualWorkers = liveWorkerIds(api.get("/api/v1/jobs/" + perpetual));

            long burstStart = System.nanoTime();
            System.out.printf(Locale.ROOT, "  %6.1f s  -- burst: %d interactive jobs submitted%n",
                    (burstStart - origin) / 1e9, burst);
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                jobs.add(api.post(201, "/api/v1/clusters/interactive/jobs", Map.of()).path("id").asText());
            }
            long[] events = visitAll(api, jobs, Duration.ofSeconds(session),
                    Duration.ofSeconds(subscriptionTimeout));
            System.out.printf(Locale.ROOT, "  %6.1f s  -- every client has left%n", (System.nanoTime() - origin) / 1e9);

            Map<String, JsonNode> ended = awaitEnded(api, jobs, Duration.ofSeconds(subscriptionTimeout + 120L));
            long lastEndMillis = ended.values().stream().mapToLong(j -> j.path("endedAt").asLong()).max().orElse(0);
            long lastEndNanos = System.nanoTime() - (System.currentTimeMillis() - lastEndMillis) * 1_000_000L;
            System.out.printf(Locale.ROOT, "  %6.1f s  -- last interactive job ended%n", (lastEndNanos - origin) / 1e9);
            long atMin = awaitMinimum(timeline, rule, Duration.ofSeconds(rule.coolDown().toSeconds() * 4 + 120));
            System.out.printf(Locale.ROOT, "  %6.1f s  -- transient pool back at its minimum (%d agent in service)%n",
                    (atMin - origin) / 1e9, Math.max(rule.minSize(), rule.maxIdle()));

            JsonNode perpetualNow = api.get("/api/v1/jobs/" + perpetual);
            boolean untouched = perpetualNow.path("state").asText().equals("RUNNING")
                    && liveWorkerIds(perpetualNow).equals(perpetualWorkers);
            long flowing = SinkSession.visit(steady.path("host").asText(), steady.path("sinkPort").asInt(),
                    Duration.ofSeconds(1), System.nanoTime() + Duration.ofSeconds(10).toNanos()).events();
            PlacementAudit audit = PlacementAudit.of(api, timeline.agentPools());
            timeline.close();

            System.out.println();
            printEvents(api);
            System.out.println();
            return report(timeline, rule, burstStart, lastEndNanos, atMin, ended, events, untouched, flowing, audit);
        }
    }

    private static boolean report(PoolTimeline timeline, PoolRule rule, long burstStart, long lastEnd, long atMin,
                                  Map<String, JsonNode> ended, long[] events, boolean untouched, long flowing,
                                  PlacementAudit audit) {
        double window = (atMin - burstStart) / 1e9;
        int peak = timeline.peak("transient", burstStart, atMin);
        double used = timeline.agentSeconds("transient", burstStart, atMin);
        double fixed = peak * window;
        Map<String, Long> reasons = new LinkedHashMap<>();
        ended.values().forEach(j -> reasons.merge(j.path("state").asText() + ": " + j.path("reason").asText(), 1L,
                Long::sum));
        System.out.println("results");
        System.out.printf(Locale.ROOT, "  interactive jobs ended:                   %s%n", reasons);
        System.out.printf(Locale.ROOT, "  events read by the interactive clients:   %s%n", java.util.Arrays.toString(events));
        System.out.printf(Locale.ROOT, "  transient pool peak:                      %d agents (started with %d)%n",
                peak, rule.minSize());
        System.out.printf(Locale.ROOT, "  last interactive job end -> pool at min:  %.1f s (cool-down %d s)%n",
                (atMin - lastEnd) / 1e9, rule.coolDown().toSeconds());
        System.out.printf(Locale.ROOT, "  transient agent-seconds, burst to min:    %.1f used vs %.1f for a fixed pool of "
                + "%d over the same %.1f s (%.0f%% saved)%n", used, fixed, peak, window,
                fixed > 0 ? 100 * (1 - used / fixed) : 0);
        System.out.printf(Locale.ROOT, "  perpetual job untouched:                  %s (same workers, RUNNING; %d events "
                + "in 1 s after the scale-down)%n", untouched ? "yes" : "NO", flowing);
        System.out.printf(Locale.ROOT, "  workers placed across pools:              %d of %d placements%s%n",
                audit.crossPool().size(), audit.placements(),
                audit.crossPool().isEmpty() ? "" : " " + audit.crossPool());
        return audit.crossPool().isEmpty() && untouched && flowing > 0 && peak > rule.minSize();
    }

    private static void createCluster(ScenarioApi api, String name, String sha, String durationType,
                                      Integer subscriptionTimeout) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("artifact", sha);
        spec.put("parameters", Map.of("ticksPerSecond", "50"));
        spec.put("stages", List.of(Map.of("workers", 1, "machine", WORKER), Map.of("workers", 1, "machine", WORKER)));
        spec.put("durationType", durationType);
        if (subscriptionTimeout != null) {
            spec.put("subscriptionTimeoutSeconds", subscriptionTimeout);
        }
        api.post(201, "/api/v1/clusters", spec);
    }

    /** One client per job, all at once: each waits for its job's sink to be placed, visits, and leaves. */
    private static long[] visitAll(ScenarioApi api, List<String> jobs, Duration stay, Duration patience)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(jobs.size());
        try {
            List<Future<Long>> visits = new ArrayList<>();
            for (String id : jobs) {
                visits.add(clients.submit(() -> {
                    JsonNode sink = awaitSink(api, id, patience.plusSeconds(60));
                    if (sink == null) {
                        System.out.println("  (client of " + id + ": the job ended before its sink was placed)");
                        return 0L;
                    }
                    // Workers of a busy machine may take a while to start: keep trying until the job would end.
                    SinkSession.Visit visit = SinkSession.visit(sink.path("host").asText(),
                            sink.path("sinkPort").asInt(), stay, System.nanoTime() + patience.plusSeconds(30).toNanos());
                    if (visit.events() == 0) {
                        System.out.println("  (client of " + id + " read nothing from " + sink.path("workerId").asText()
                                + " at " + sink.path("host").asText() + ":" + sink.path("sinkPort").asInt() + ": "
                                + visit.lastError() + "; worker now " + api.get("/api/v1/jobs/" + id).path("workers")
                                + ")");
                    }
                    return visit.events();
                }));
            }
            long[] events = new long[jobs.size()];
            for (int i = 0; i < events.length; i++) {
                events[i] = visits.get(i).get();
            }
            return events;
        } finally {
            clients.shutdownNow();
        }
    }

    /** The job's live sink worker once placed; null when the job ended first or the wait ran out. */
    private static JsonNode awaitSink(ScenarioApi api, String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = api.get("/api/v1/jobs/" + id);
            if (ENDED.contains(job.path("state").asText())) {
                return null;
            }
            int last = job.path("stages").size();
            for (JsonNode w : job.path("workers")) {
                if (w.path("stage").asInt() == last && w.path("sinkPort").asInt() > 0
                        && !List.of("COMPLETED", "FAILED", "KILLED", "LOST").contains(w.path("state").asText())) {
                    return w;
                }
            }
            Thread.sleep(100); // polling the job's view
        }
        return null;
    }

    private static Map<String, JsonNode> awaitEnded(ScenarioApi api, List<String> jobs, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, JsonNode> ended = new LinkedHashMap<>();
        while (ended.size() < jobs.size()) {
            for (String id : jobs) {
                JsonNode job = api.get("/api/v1/jobs/" + id);
                if (ENDED.contains(job.path("state").asText())) {
                    ended.put(id, job);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("interactive jobs still running after " + timeout.toSeconds()
                        + " s: " + jobs.stream().filter(j -> !ended.containsKey(j)).toList());
            }
            Thread.sleep(200); // polling the jobs' views
        }
        return ended;
    }

    /** Waits until the transient pool holds its minimum in service and drains nothing; returns System.nanoTime(). */
    private static long awaitMinimum(PoolTimeline timeline, PoolRule rule, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            PoolTimeline.Sample s = timeline.sample();
            if (s.inService("transient") <= Math.max(rule.minSize(), rule.maxIdle())
                    && s.agents().getOrDefault("transient", Map.of()).getOrDefault("draining", 0) == 0) {
                return s.nanos();
            }
            Thread.sleep(200); // polling the agents
        }
        throw new IllegalStateException("the transient pool was not back at its minimum within "
                + timeout.toSeconds() + " s");
    }

    private static void printEvents(ScenarioApi api) {
        System.out.println("scale actions (GET /api/v1/pools/events):");
        long first = -1;
        for (JsonNode e : api.get("/api/v1/pools/events")) {
            first = first < 0 ? e.path("time").asLong() : first;
            List<String> ids = new ArrayList<>();
            e.path("agentIds").forEach(id -> ids.add(id.asText()));
            System.out.printf(Locale.ROOT, "  +%5.1f s  %-9s %-8s %d %s  (%s)%n",
                    (e.path("time").asLong() - first) / 1e3, e.path("pool").asText(), e.path("action").asText(),
                    e.path("count").asInt(), ids.isEmpty() ? "" : ids, e.path("reason").asText());
        }
    }

    private static List<String> liveWorkerIds(JsonNode job) {
        List<String> ids = new ArrayList<>();
        for (JsonNode w : job.path("workers")) {
            if (!List.of("COMPLETED", "FAILED", "KILLED", "LOST").contains(w.path("state").asText())) {
                ids.add(w.path("workerId").asText());
            }
        }
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    private static int positive(String option, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + value + "' is not a whole number");
        }
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be more than 0, got " + n);
        }
        return n;
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
