package io.mantis.bench.job;

import io.mantis.bench.common.SinkStats;
import io.mantis.sdk.Context;
import io.mantis.sdk.SinkConsumer;
import java.nio.file.Path;

/**
 * The discarding sink: feeds every event to {@link SinkStats} and, when the stream completes, writes the
 * result file named by the {@code resultFile} parameter (with {@code .<workerIndex>} appended when the last
 * stage has several workers). A stream that fails writes nothing, so the harness never reads a partial result.
 */
final class ResultSink implements SinkConsumer<CountOutput> {

    private final SinkStats stats;
    private final Path resultFile;

    ResultSink(Context ctx) {
        long warmup = ctx.parameters().get(DataPlaneJob.WARMUP_EVENTS) / ctx.workerCount();
        this.stats = new SinkStats(warmup);
        String file = ctx.parameters().get(DataPlaneJob.RESULT_FILE);
        this.resultFile = Path.of(ctx.workerCount() == 1 ? file : file + "." + ctx.workerIndex());
    }

    @Override
    public void accept(CountOutput event) {
        if (event instanceof CountOutput.Counted counted) {
            stats.record(counted.createdNanos());
        } else if (event instanceof CountOutput.Totals totals) {
            stats.addCounts(totals.sumOfCounts(), totals.keys());
        }
    }

    @Override
    public void complete() throws Exception {
        stats.writeTo(resultFile);
    }
}
