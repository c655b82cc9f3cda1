package io.mantis.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.runtime.testing.LocalJobRunnerExtension;
import io.mantis.sdk.Codecs;
import io.mantis.sdk.Context;
import io.mantis.sdk.Job;
import io.mantis.sdk.JobLifecycle;
import io.mantis.sdk.Sink;
import io.mantis.sdk.Stage;
import io.micrometer.core.instrument.Counter;
import io.reactivex.rxjava3.core.Flowable;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** What user code learns from its {@link Context}, and when lifecycle hooks run. */
@ExtendWith(LocalJobRunnerExtension.class)
@Timeout(60)
class ContextAndLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void userCodeSeesItsWorkerAndItsMetersAreServed(LocalJobRunner runner) throws Exception {
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        Job<String> job = Job.named("identity")
                .<Long>source(ctx -> Flowable.rangeLong(0, 100_000))
                .stage(Stage.<Long, Long>scalar("first", (ctx, in) -> in).withCodec(Codecs.longs()).withWorkers(2))
                .stage(Stage.<Long, String>scalar("second", (ctx, in) -> {
                    Counter counter = ctx.meterRegistry().counter("user.events.seen");
                    return in.doOnNext(e -> counter.increment()).map(e -> describe(ctx));
                }).withWorkers(3))
                .sink(Sink.discard());

        LocalJob local = runner.jobId("identity-1").start(job, seen::add);
        local.awaitCompletion(WAIT);

        Set<String> workers = seen.stream().collect(Collectors.toSet());
        assertEquals(Set.of("identity-1/2/second/0of3#1 of 2 stages", "identity-1/2/second/1of3#1 of 2 stages",
                "identity-1/2/second/2of3#1 of 2 stages"), workers);
        // Both stage-1 workers run the source, and round-robin moves a frame at a time: enough events for
        // many frames reach every worker, and none is lost or doubled.
        assertEquals(200_000, seen.size());
    }

    @Test
    void userMetersAreServedWithThePlatformsOwn(LocalJobRunner runner) throws Exception {
        Job<Long> job = Job.named("user-meters")
                .<Long>source(ctx -> Flowable.interval(1, java.util.concurrent.TimeUnit.MILLISECONDS).onBackpressureDrop())
                .stage(Stage.<Long, Long>scalar("count", (ctx, in) -> {
                    Counter counter = ctx.meterRegistry().counter("user.events.seen");
                    return in.doOnNext(e -> counter.increment());
                }))
                .sink(Sink.discard());

        LocalJob local = runner.start(job);
        int admin = local.workers(1).get(0).adminPort();

        io.mantis.runtime.testing.Await.until("the user's counter on /metrics", WAIT,
                () -> Http.sum(metrics(admin), "user_events_seen_total") > 0);
    }

    @Test
    void lifecycleOpensBeforeUserCodeAndClosesAfterTheStreamEnds(LocalJobRunner runner) throws Exception {
        Queue<String> calls = new ConcurrentLinkedQueue<>();
        Job<Long> job = Job.named("hooks")
                .lifecycle(new JobLifecycle() {
                    @Override
                    public void open(Context ctx) {
                        calls.add("open " + ctx.stageNumber());
                    }

                    @Override
                    public void close(Context ctx) {
                        calls.add("close " + ctx.stageNumber());
                    }
                })
                .<Long>source(ctx -> {
                    calls.add("source");
                    ctx.onClose(() -> calls.add("hook 1"));
                    return Flowable.rangeLong(0, 10);
                })
                .stage(Stage.<Long, Long>scalar("only", (ctx, in) -> in))
                .sink(Sink.discard());

        runner.start(job).awaitCompletion(WAIT);

        assertEquals(List.of("open 1", "source", "close 1", "hook 1"), List.copyOf(calls));
    }

    @Test
    void stoppingARunningJobRunsItsCloseHooks(LocalJobRunner runner) throws Exception {
        Queue<String> calls = new ConcurrentLinkedQueue<>();
        Job<Long> job = Job.named("endless-hooks")
                .lifecycle(new JobLifecycle() {
                    @Override
                    public void close(Context ctx) {
                        calls.add("close " + ctx.stageNumber());
                    }
                })
                .<Long>source(ctx -> {
                    ctx.onClose(() -> calls.add("hook"));
                    return Flowable.interval(1, java.util.concurrent.TimeUnit.MILLISECONDS).onBackpressureDrop();
                })
                .stage(Stage.<Long, Long>scalar("only", (ctx, in) -> in))
                .sink(Sink.discard());
        LocalJob local = runner.start(job);
        io.mantis.runtime.testing.Await.until("the job to run", WAIT, () -> local.workers(1).get(0).isAlive());

        local.close();

        assertEquals(List.of("close 1", "hook"), List.copyOf(calls));
    }

    @Test
    void failingOpenIsReportedAsTheJobsFailure(LocalJobRunner runner) {
        Job<Long> job = Job.named("no-db")
                .lifecycle(new JobLifecycle() {
                    @Override
                    public void open(Context ctx) {
                        if (ctx.stageNumber() == 1) {
                            throw new IllegalStateException("no database at db.invalid:5432");
                        }
                    }
                })
                .<Long>source(ctx -> Flowable.rangeLong(0, 10))
                .stage(Stage.<Long, Long>scalar("load", (ctx, in) -> in).withCodec(Codecs.longs()))
                .stage(Stage.<Long, Long>scalar("store", (ctx, in) -> in))
                .sink(Sink.discard());

        JobFailedException failure = assertThrows(JobFailedException.class,
                () -> runner.jobId("no-db-1").start(job).awaitCompletion(WAIT));

        assertTrue(failure.getMessage().contains("job no-db-1 stage 1 'load' worker 0"), failure.getMessage());
        assertTrue(failure.getMessage().contains("no database at db.invalid:5432"), failure.getMessage());
    }

    private static String describe(Context ctx) {
        return ctx.jobId() + "/" + ctx.stageNumber() + "/" + ctx.stageName() + "/" + ctx.workerIndex() + "of"
                + ctx.workerCount() + "#" + ctx.workerNumber() + " of " + ctx.stageCount() + " stages";
    }

    private static String metrics(int port) {
        try {
            return Http.get(port, "/metrics");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
