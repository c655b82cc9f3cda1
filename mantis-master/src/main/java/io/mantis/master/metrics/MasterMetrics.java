package io.mantis.master.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The master's own metrics: jobs and workers by state, and launch latency (accepted → started). Counts are set
 * from snapshots the control loop takes, so a scrape never touches job state.
 */
public final class MasterMetrics {

    private final PrometheusMeterRegistry registry;
    private final Timer launchLatency;
    private final Map<String, AtomicLong> jobs = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> workers = new ConcurrentHashMap<>();

    public MasterMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.launchLatency = Timer.builder("mantis_worker_launch_latency")
                .description("time from a worker's placement request to its first heartbeat")
                .publishPercentileHistogram()
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public void launchLatency(Duration latency) {
        launchLatency.record(latency);
    }

    /** Sets the job counts by state; states missing from {@code counts} read 0. */
    public void jobs(Map<String, Long> counts) {
        set(jobs, "mantis_jobs", counts);
    }

    public void workers(Map<String, Long> counts) {
        set(workers, "mantis_workers", counts);
    }

    private void set(Map<String, AtomicLong> gauges, String name, Map<String, Long> counts) {
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            gauges.computeIfAbsent(e.getKey(), state -> {
                AtomicLong value = new AtomicLong();
                Gauge.builder(name, value, AtomicLong::get).tag("state", state).register(registry);
                return value;
            }).set(e.getValue());
        }
        gauges.forEach((state, value) -> {
            if (!counts.containsKey(state)) {
                value.set(0);
            }
        });
    }

    public String scrape() {
        return registry.scrape();
    }
}
