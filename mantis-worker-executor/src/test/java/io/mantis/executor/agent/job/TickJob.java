package io.mantis.executor.agent.job;

import io.mantis.sdk.Job;
import io.mantis.sdk.JobProvider;
import io.mantis.sdk.Sink;
import io.mantis.sdk.Stage;
import io.reactivex.rxjava3.core.Flowable;
import java.util.concurrent.TimeUnit;

/** Test subject for agent tests: one stage that ticks forever into an SSE sink. Built into a JAR by the tests. */
public final class TickJob implements JobProvider {

    @Override
    public Job<String> job() {
        return Job.named("tick")
                .<Long>source(ctx -> Flowable.interval(50, TimeUnit.MILLISECONDS).onBackpressureDrop())
                .stage(Stage.<Long, String>scalar("format", (ctx, in) -> in.map(i -> "tick-" + i)))
                .sink(Sink.sse());
    }
}
