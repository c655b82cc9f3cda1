package io.mantis.examples.requestlog;

import io.mantis.examples.Pacer;
import io.mantis.sdk.Codecs;
import io.mantis.sdk.Job;
import io.mantis.sdk.JobProvider;
import io.mantis.sdk.ParameterDefinition;
import io.mantis.sdk.Sink;
import io.mantis.sdk.Stage;
import io.reactivex.rxjava3.core.Flowable;

/**
 * Synthetic request logs → enrichment (service, status class, slow flag) → Server-Sent Events. Perpetual by
 * default: the subject of live queries ("5xx in eu-west-1", "slow /api/search").
 */
public final class RequestLogJob implements JobProvider {

    public static final ParameterDefinition<Long> RATE = ParameterDefinition.ofLong("rate")
            .withDefault(1_000L)
            .validatedBy(r -> r >= 0, "must be 0 (as fast as possible) or more")
            .describedAs("requests per second per source worker; 0 is as fast as the job takes them");

    public static final ParameterDefinition<Long> LIMIT = ParameterDefinition.ofLong("limit")
            .withDefault(0L)
            .validatedBy(n -> n >= 0, "must be 0 (endless) or more")
            .describedAs("requests per source worker before the source ends; 0 runs forever");

    @Override
    public Job<EnrichedRequest> job() {
        return create();
    }

    public static Job<EnrichedRequest> create() {
        return Job.named("request-log")
                .describedAs("synthetic request logs, enriched for live queries")
                .parameter(RATE)
                .parameter(LIMIT)
                .<RequestLog>source(ctx -> {
                    long limit = ctx.parameters().get(LIMIT);
                    long rate = ctx.parameters().get(RATE);
                    Flowable<RequestLog> logs = Flowable.generate(
                            () -> new PacedLogs(new RequestLogGenerator(31L * ctx.workerIndex() + ctx.workerNumber()),
                                    new Pacer(rate)),
                            (state, emitter) -> {
                                state.pacer().await();
                                emitter.onNext(state.generator().next());
                            });
                    return limit == 0 ? logs : logs.take(limit);
                })
                .stage(Stage.<RequestLog, RequestLog>scalar("parse", (ctx, in) -> in.filter(r -> r.path() != null))
                        .withCodec(Codecs.json(RequestLog.class)))
                .stage(Stage.<RequestLog, EnrichedRequest>scalar("enrich", (ctx, in) -> in.map(EnrichedRequest::of))
                        .withWorkers(2))
                .sink(Sink.sse());
    }

    /** One source subscription's state: its generator and its pacer. */
    private record PacedLogs(RequestLogGenerator generator, Pacer pacer) {
    }
}
