package io.mantis.runtime.local.jobs;

import io.mantis.sdk.Codecs;
import io.mantis.sdk.Job;
import io.mantis.sdk.JobProvider;
import io.mantis.sdk.Keyed;
import io.mantis.sdk.ParameterDefinition;
import io.mantis.sdk.Sink;
import io.mantis.sdk.SinkConsumer;
import io.mantis.sdk.Stage;
import io.reactivex.rxjava3.core.Flowable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test subject: stage 1 emits {@code events} keyed events over {@code keys} keys (split among its workers),
 * stage 2 counts per key. At the end each stage-2 worker writes {@code key=count} lines to
 * {@code <resultDir>/worker-<index>.txt}, so a test can check exactness and key ownership across processes.
 */
public final class KeyedCountJob implements JobProvider {

    public static final ParameterDefinition<Long> EVENTS = ParameterDefinition.ofLong("events").withDefault(100_000L);
    public static final ParameterDefinition<Integer> KEYS = ParameterDefinition.ofInt("keys").withDefault(1_000)
            .validatedBy(k -> k > 0, "must be greater than 0");
    public static final ParameterDefinition<String> RESULT_DIR = ParameterDefinition.ofString("resultDir").required();

    @Override
    public Job<Keyed<String, Long>> job() {
        return Job.named("keyed-count")
                .parameter(EVENTS)
                .parameter(KEYS)
                .parameter(RESULT_DIR)
                .<Long>source(ctx -> {
                    long events = ctx.parameters().get(EVENTS);
                    int step = ctx.workerCount();
                    long mine = events / step + (ctx.workerIndex() < events % step ? 1 : 0);
                    return Flowable.rangeLong(0, mine).map(i -> i * step + ctx.workerIndex());
                })
                .stage(Stage.<Long, String, Long>toKeyed("key-by", (ctx, in) -> {
                    int keys = ctx.parameters().get(KEYS);
                    return in.map(i -> Keyed.of("key-" + (i % keys), 1L));
                }, Codecs.string(), Codecs.longs()))
                .stage(Stage.<Keyed<String, Long>, Keyed<String, Long>>scalar("count", (ctx, in) -> Flowable.defer(() -> {
                    Map<String, long[]> counts = new HashMap<>();
                    return in.map(kv -> {
                        long[] c = counts.computeIfAbsent(kv.key(), k -> new long[1]);
                        c[0] += kv.value();
                        return Keyed.of(kv.key(), c[0]);
                    });
                })))
                .sink(Sink.custom(ctx -> new ResultWriter(
                        Path.of(ctx.parameters().get(RESULT_DIR)).resolve("worker-" + ctx.workerIndex() + ".txt"))));
    }

    /** Keeps the latest running count per key and writes them when the stream completes. */
    private static final class ResultWriter implements SinkConsumer<Keyed<String, Long>> {
        private final Path file;
        private final Map<String, Long> latest = new TreeMap<>();

        ResultWriter(Path file) {
            this.file = file;
        }

        @Override
        public void accept(Keyed<String, Long> event) {
            latest.merge(event.key(), event.value(), Math::max);
        }

        @Override
        public void complete() throws IOException {
            StringBuilder sb = new StringBuilder();
            latest.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, sb);
            Files.move(tmp, file);
        }
    }
}
