package io.mantis.runtime.local.multiline;

import io.mantis.sdk.Job;
import io.mantis.sdk.JobProvider;
import io.mantis.sdk.Sink;
import io.mantis.sdk.Stage;
import io.reactivex.rxjava3.core.Flowable;
import java.util.concurrent.TimeUnit;

/** Test subject: endless events whose text spans two lines, served over SSE. */
public final class MultiLineJob implements JobProvider {

    @Override
    public Job<String> job() {
        return Job.named("multi-line")
                .<Long>source(ctx -> Flowable.interval(2, TimeUnit.MILLISECONDS).onBackpressureDrop())
                .stage(Stage.<Long, String>scalar("two-lines", (ctx, in) -> in.map(i -> "first " + i + "\nsecond " + i)))
                .sink(Sink.sse());
    }
}
