package io.mantis.runtime.local.failing;

import io.mantis.sdk.Codecs;
import io.mantis.sdk.Job;
import io.mantis.sdk.JobProvider;
import io.mantis.sdk.ParameterDefinition;
import io.mantis.sdk.Sink;
import io.mantis.sdk.Stage;
import io.reactivex.rxjava3.core.Flowable;

/** Test subject: stage 2 ('explode') throws on event {@code failAt}. */
public final class ThrowingStageJob implements JobProvider {

    public static final ParameterDefinition<Long> FAIL_AT = ParameterDefinition.ofLong("failAt").withDefault(1_000L);

    @Override
    public Job<Long> job() {
        return Job.named("throwing")
                .parameter(FAIL_AT)
                .<Long>source(ctx -> Flowable.rangeLong(0, Long.MAX_VALUE))
                .stage(Stage.<Long, Long>scalar("pass", (ctx, in) -> in).withCodec(Codecs.longs()))
                .stage(Stage.<Long, Long>scalar("explode", (ctx, in) -> {
                    long failAt = ctx.parameters().get(FAIL_AT);
                    return in.map(i -> {
                        if (i == failAt) {
                            throw new IllegalStateException("boom at event " + i);
                        }
                        return i;
                    });
                }))
                .sink(Sink.discard());
    }
}
