package io.mantis.bench.flink;

import io.mantis.bench.common.SinkStats;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

/**
 * The discarding sink: one {@link SinkStats} per parallel instance, handed to {@link FlinkResults} when the
 * instance finishes (the whole pipeline runs in this JVM, so a static aggregate is the simplest channel).
 * SinkFunction is deprecated in 1.20 but still the shortest way to a plain per-record callback.
 */
@SuppressWarnings("deprecation")
final class LatencySink extends RichSinkFunction<Tuple3<String, Long, Long>> {

    private final long warmupPerInstance;
    private transient SinkStats stats;

    LatencySink(long warmupPerInstance) {
        this.warmupPerInstance = warmupPerInstance;
    }

    @Override
    public void open(OpenContext openContext) {
        stats = new SinkStats(warmupPerInstance);
    }

    @Override
    public void invoke(Tuple3<String, Long, Long> value, Context context) {
        stats.record(value.f2);
    }

    @Override
    public void finish() {
        // finish() runs only when the input ended normally; a failed or cancelled run reports nothing.
        FlinkResults.addSink(stats);
    }
}
