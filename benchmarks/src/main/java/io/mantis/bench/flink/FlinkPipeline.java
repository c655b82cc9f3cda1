package io.mantis.bench.flink;

import io.mantis.bench.common.SinkStats;
import io.mantis.bench.run.DataPlaneSystem;
import io.mantis.bench.run.HangReport;
import io.mantis.bench.run.RunSpec;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Flink 1.20 in this JVM (a local MiniCluster, started anew for each run), parallelism 2:
 * sequence source → map to events (chained) → keyBy(key) → running count in keyed state → discarding sink
 * (chained). The keyBy exchange goes through Flink's network stack in-process (serialized into network
 * buffers, no sockets). Flink's defaults are left alone, including its 100 ms buffer timeout: at half of peak
 * rate buffers fill long before it matters.
 */
public final class FlinkPipeline implements DataPlaneSystem {

    private static final int PARALLELISM = 2;

    private int run;

    @Override
    public String label() {
        return "Flink local, parallelism " + PARALLELISM;
    }

    @Override
    public SinkStats run(RunSpec spec) throws Exception {
        run++;
        FlinkResults.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(PARALLELISM,
                new Configuration());
        env.fromSequence(0, spec.events() - 1)
                .name("sequence")
                .map(new PacedEvents(spec.keys(), (double) spec.rate() / PARALLELISM))
                .name("events")
                .keyBy(event -> event.f0, Types.STRING)
                .transform("count", Types.TUPLE(Types.STRING, Types.LONG, Types.LONG), new CountOperator())
                .addSink(new LatencySink(spec.warmupEvents() / PARALLELISM))
                .name("discard");
        JobClient job = env.executeAsync("data-plane-bench");
        try {
            job.getJobExecutionResult().get(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Path report = spec.workDir().resolve("flink-" + run + ".hang.txt");
            new HangReport("Flink run " + run + " timed out").threadDumps().appendTo(report);
            job.cancel();
            throw new TimeoutException("Flink job did not finish within " + spec.timeout() + "; thread dumps in "
                    + report);
        }
        return FlinkResults.take(PARALLELISM);
    }
}
