package io.mantis.runtime.local.ticking;

import io.mantis.sdk.Codecs;
import io.mantis.sdk.Job;
import io.mantis.sdk.JobProvider;
import io.mantis.sdk.Sink;
import io.mantis.sdk.Stage;
import io.reactivex.rxjava3.core.Flowable;
import java.util.concurrent.TimeUnit;

/**
 * Test subject: an endless source that tags each event with the worker number that produced it, so a test
 * can see output resume from a replacement worker. Stage 2 passes events on to an SSE sink.
 */
public final class TickingJob implements JobProvider {

    @Override
    public Job<String> job() {
        return Job.named("ticking")
                .<String>source(ctx -> Flowable.interval(2, TimeUnit.MILLISECONDS)
                        .onBackpressureDrop()
                        .map(i -> "number-" + ctx.workerNumber() + "-tick-" + i))
                .stage(Stage.<String, String>scalar("tag", (ctx, in) -> in).withCodec(Codecs.string()))
                .stage(Stage.<String, String>scalar("pass", (ctx, in) -> in))
                .sink(Sink.sse());
    }
}
