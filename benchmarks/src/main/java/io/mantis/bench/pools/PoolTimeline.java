package io.mantis.bench.pools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples the master's agents and active jobs on a thread of its own, prints a timeline line whenever the agents
 * per pool per state (or the active jobs per pool) change, and keeps every sample so agent-seconds can be added up
 * afterwards. Also remembers each agent's pool as the master showed it, for the placement audit.
 *
 * <p>Threading: {@link #start} and {@link #close} from one thread; {@link #samples} and {@link #agentPools} are
 * safe from any thread.
 */
final class PoolTimeline implements AutoCloseable {

    static final List<String> POOLS = List.of("perpetual", "transient");
    static final List<String> STATES = List.of("active", "idle", "draining", "released", "lost");

    /** Agents per pool per state, and active jobs per pool, at one moment ({@code nanos}: System.nanoTime()). */
    record Sample(long nanos, Map<String, Map<String, Integer>> agents, Map<String, Integer> jobs) {

        /** Agents of the pool that hold resources: everything but released and lost. */
        int inService(String pool) {
            Map<String, Integer> states = agents.getOrDefault(pool, Map.of());
            return states.getOrDefault("active", 0) + states.getOrDefault("idle", 0)
                    + states.getOrDefault("draining", 0);
        }
    }

    private final ScenarioApi api;
    private final PrintStream out;
    private final long origin;
    private final long intervalMillis;
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> agentPools = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private String last = "";

    PoolTimeline(ScenarioApi api, PrintStream out, long origin, long intervalMillis) {
        this.api = api;
        this.out = out;
        this.origin = origin;
        this.intervalMillis = intervalMillis;
        this.thread = new Thread(this::run, "pool-timeline");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                sample();
            } catch (RuntimeException e) {
                out.println("  (timeline: " + e.getMessage() + ")");
            }
            try {
                Thread.sleep(intervalMillis); // the sampling period
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Takes one sample now; prints it when it differs from the last one. */
    Sample sample() {
        Map<String, Map<String, Integer>> agents = new TreeMap<>();
        for (JsonNode a : api.get("/api/v1/agents")) {
            String pool = a.path("pool").asText();
            agentPools.put(a.path("agentId").asText(), pool);
            agents.computeIfAbsent(pool, p -> new TreeMap<>()).merge(a.path("state").asText(), 1, Integer::sum);
        }
        Map<String, Integer> jobs = new TreeMap<>();
        for (JsonNode j : api.get("/api/v1/jobs?state=active")) {
            jobs.merge(j.path("pool").asText(), 1, Integer::sum);
        }
        Sample s = new Sample(System.nanoTime(), agents, jobs);
        synchronized (this) {
            samples.add(s);
            String line = describe(s);
            if (!line.equals(last)) {
                last = line;
                out.printf(Locale.ROOT, "  %6.1f s  %s%n", (s.nanos() - origin) / 1e9, line);
            }
        }
        return s;
    }

    private static String describe(Sample s) {
        StringBuilder sb = new StringBuilder();
        for (String pool : POOLS) {
            Map<String, Integer> states = s.agents().getOrDefault(pool, Map.of());
            sb.append(String.format(Locale.ROOT, "%-9s", pool));
            for (String state : STATES) {
                sb.append(String.format(Locale.ROOT, " %s %d", state, states.getOrDefault(state, 0)));
            }
            sb.append("  | ");
        }
        sb.append("active jobs: perpetual ").append(s.jobs().getOrDefault("perpetual", 0))
                .append(", transient ").append(s.jobs().getOrDefault("transient", 0));
        return sb.toString();
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    Map<String, String> agentPools() {
        return Map.copyOf(agentPools);
    }

    /**
     * Agent-seconds the pool held between {@code fromNanos} and {@code toNanos}: each sample's in-service agents
     * times the time to the next sample (a step function).
     */
    double agentSeconds(String pool, long fromNanos, long toNanos) {
        List<Sample> all = samples();
        double total = 0;
        for (int i = 0; i < all.size(); i++) {
            long begin = Math.max(all.get(i).nanos(), fromNanos);
            long end = Math.min(i + 1 < all.size() ? all.get(i + 1).nanos() : toNanos, toNanos);
            if (end > begin) {
                total += all.get(i).inService(pool) * (end - begin) / 1e9;
            }
        }
        return total;
    }

    /** The most agents the pool held at once in the window. */
    int peak(String pool, long fromNanos, long toNanos) {
        int peak = 0;
        for (Sample s : samples()) {
            if (s.nanos() >= fromNanos && s.nanos() <= toNanos) {
                peak = Math.max(peak, s.inService(pool));
            }
        }
        return peak;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
