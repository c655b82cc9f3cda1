package io.mantis.examples.wordcount;

import io.mantis.sdk.Codecs;
import io.mantis.sdk.Job;
import io.mantis.sdk.JobProvider;
import io.mantis.sdk.Keyed;
import io.mantis.sdk.ParameterDefinition;
import io.mantis.sdk.Sink;
import io.mantis.sdk.Stage;
import io.reactivex.rxjava3.core.Flowable;
import java.util.HashMap;
import java.util.Map;

/**
 * Word count: synthetic text → split into words, keyed by word (stage 1) → running count per word
 * (stage 2) → Server-Sent Events. Each stage-1 worker reads every {@code workerCount}-th line, so together
 * they read each line once; keyed routing sends each word to exactly one stage-2 worker, so its running
 * count there is the word's total.
 */
public final class WordCountJob implements JobProvider {

    public static final ParameterDefinition<Long> LINES = ParameterDefinition.ofLong("lines")
            .withDefault(100_000L)
            .validatedBy(n -> n >= 0, "must be 0 (endless) or more")
            .describedAs("lines of synthetic text to read; 0 reads forever");

    @Override
    public Job<WordCount> job() {
        return create();
    }

    public static Job<WordCount> create() {
        return Job.named("word-count")
                .describedAs("counts the words of a synthetic text")
                .parameter(LINES)
                .<String>source(ctx -> {
                    long lines = ctx.parameters().get(LINES);
                    long end = lines == 0 ? Long.MAX_VALUE : lines;
                    int step = ctx.workerCount();
                    return Flowable.rangeLong(0, (end - 1) / step + 1) // lines per worker, rounded up without overflowing
                            .map(i -> i * step + ctx.workerIndex())
                            .filter(i -> i < end)
                            .map(i -> SyntheticText.line(i));
                })
                .stage(Stage.<String, String, Long>toKeyed("split", (ctx, lines) -> lines
                                .concatMapIterable(SyntheticText::words)
                                .map(word -> Keyed.of(word, 1L)),
                        Codecs.string(), Codecs.longs())
                        .withWorkers(2))
                .stage(Stage.<Keyed<String, Long>, WordCount>scalar("count", (ctx, words) -> Flowable.defer(() -> {
                    Map<String, long[]> counts = new HashMap<>();
                    return words.map(kv -> {
                        long[] c = counts.computeIfAbsent(kv.key(), k -> new long[1]);
                        c[0] += kv.value();
                        return new WordCount(kv.key(), c[0]);
                    });
                })).withWorkers(2))
                .sink(Sink.sse());
    }
}
