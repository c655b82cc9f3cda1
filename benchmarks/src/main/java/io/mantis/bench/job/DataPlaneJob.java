package io.mantis.bench.job;

import io.mantis.bench.common.Keys;
import io.mantis.sdk.Codecs;
import io.mantis.sdk.Job;
import io.mantis.sdk.JobProvider;
import io.mantis.sdk.Keyed;
import io.mantis.sdk.ParameterDefinition;
import io.mantis.sdk.Sink;
import io.mantis.sdk.Stage;

/**
 * The data-plane benchmark job: source → stage 1 "key-by" (keyed output, SDK binary codec) → stage 2
 * "count" (running count per key) → a custom sink that counts, records latency and writes a result file.
 *
 * <p>Run with one worker per stage, the two stages sit in different workers, so every event crosses the
 * stage-to-stage transport over loopback TCP exactly once: that hop is what the benchmark measures.
 */
public final class DataPlaneJob implements JobProvider {

    public static final ParameterDefinition<Long> EVENTS = ParameterDefinition.ofLong("events")
            .withDefault(10_000_000L)
            .validatedBy(n -> n > 0, "must be greater than 0")
            .describedAs("events the source emits before completing");

    public static final ParameterDefinition<Long> RATE = ParameterDefinition.ofLong("rate")
            .withDefault(0L)
            .validatedBy(r -> r >= 0, "must be 0 (unthrottled) or more")
            .describedAs("events per second the source offers; 0 = as fast as backpressure allows");

    public static final ParameterDefinition<Integer> KEYS = ParameterDefinition.ofInt("keys")
            .withDefault(Keys.DEFAULT_COUNT)
            .validatedBy(k -> k >= 1 && k <= 100_000, "must be in 1..100000")
            .describedAs("distinct keys the events cycle through");

    public static final ParameterDefinition<Long> WARMUP_EVENTS = ParameterDefinition.ofLong("warmupEvents")
            .withDefault(0L)
            .validatedBy(n -> n >= 0, "must not be negative")
            .describedAs("first events per sink whose latency is not recorded (JIT warm-up)");

    public static final ParameterDefinition<String> RESULT_FILE = ParameterDefinition.ofString("resultFile")
            .required()
            .describedAs("where the sink writes its result (properties) when the stream completes");

    @Override
    public Job<?> job() {
        return Job.named("data-plane-bench")
                .describedAs("keyBy → running count per key → discarding sink that records latency")
                .parameter(EVENTS)
                .parameter(RATE)
                .parameter(KEYS)
                .parameter(WARMUP_EVENTS)
                .parameter(RESULT_FILE)
                .source(EventSource::create)
                // The source already emits (key, createdNanos) pairs: key-by only declares the routing, so
                // the stage itself is the identity and its cost is the keyed hop alone.
                .stage(Stage.<Keyed<String, Long>, String, Long>toKeyed("key-by", (ctx, events) -> events,
                        Codecs.string(), Codecs.longs()))
                .stage(Stage.scalar("count", RunningCount::apply))
                .sink(Sink.custom(ResultSink::new));
    }
}
