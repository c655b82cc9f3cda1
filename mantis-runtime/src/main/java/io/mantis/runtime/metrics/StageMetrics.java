package io.mantis.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The data-plane meters of one worker, tagged with job, stage and worker index. Served in Prometheus
 * format as {@code mantis_stage_events_in_total}, {@code mantis_transport_bytes_sent_total}, ...
 *
 * <p>Per-event counts are {@link EventCount}s; other counters are meant to be added to once per frame or batch.
 */
public final class StageMetrics {

    private final MeterRegistry registry;
    private final Tags tags;

    /** Events the stage's user code received (from the source in stage 1, from the network after). */
    public final EventCount eventsIn = new EventCount();
    /** Events the stage's user code emitted. */
    public final EventCount eventsOut = new EventCount();
    /** Events dropped by a lossy stage because the next stage had no credit (or no worker to take them). */
    public final Counter eventsDropped;
    public final Counter bytesSent;
    public final Counter framesSent;
    public final Counter bytesReceived;
    public final Counter framesReceived;
    /** Events per data frame sent. */
    public final DistributionSummary batchSize;
    /** Time the output waited with events to send and no credit from the next stage. */
    public final Timer creditWait;
    /** Latency-marker age at the sink: from its creation in stage 1 to the last stage. */
    public final Timer endToEndLatency;
    /** Events a sink client missed because it was too slow. */
    public final Counter sinkDropped;
    public final Counter sinkEventsSent;

    public StageMetrics(MeterRegistry registry, String jobId, int stage, int workerIndex) {
        this.registry = registry;
        this.tags = Tags.of("job", jobId, "stage", Integer.toString(stage), "worker", Integer.toString(workerIndex));
        count("mantis.stage.events.in", "events received by the stage's user code", eventsIn);
        count("mantis.stage.events.out", "events emitted by the stage's user code", eventsOut);
        eventsDropped = counter("mantis.stage.events.dropped", "events a lossy stage dropped for lack of credit");
        bytesSent = counter("mantis.transport.bytes.sent", "bytes sent to the next stage");
        framesSent = counter("mantis.transport.frames.sent", "data frames sent to the next stage");
        bytesReceived = counter("mantis.transport.bytes.received", "bytes received from the previous stage");
        framesReceived = counter("mantis.transport.frames.received", "data frames received from the previous stage");
        sinkDropped = counter("mantis.sink.events.dropped", "events sink clients missed because they were slow");
        sinkEventsSent = counter("mantis.sink.events.sent", "events written to sink clients");
        batchSize = DistributionSummary.builder("mantis.transport.batch.size")
                .description("events per data frame sent")
                .baseUnit("events")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(65536.0)
                .tags(tags)
                .register(registry);
        creditWait = Timer.builder("mantis.transport.credit.wait")
                .description("time spent with events to send and no credit from the next stage")
                .tags(tags)
                .register(registry);
        endToEndLatency = Timer.builder("mantis.end.to.end.latency")
                .description("age of latency markers at the last stage, from their creation in stage 1")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .tags(tags)
                .register(registry);
    }

    private void count(String name, String description, EventCount count) {
        FunctionCounter.builder(name, count, EventCount::get).description(description).tags(tags).register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

}
