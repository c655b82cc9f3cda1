package io.mantis.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.runtime.local.failing.ThrowingStageJob;
import io.mantis.runtime.local.jobs.KeyedCountJob;
import io.mantis.runtime.local.ticking.TickingJob;
import io.mantis.runtime.testing.Await;
import io.mantis.runtime.testing.LocalJobRunnerExtension;
import io.mantis.sdk.Codec;
import io.mantis.sdk.Codecs;
import io.mantis.sdk.InvalidParameterException;
import io.mantis.sdk.Job;
import io.mantis.sdk.Sink;
import io.mantis.sdk.SinkConsumer;
import io.mantis.sdk.Stage;
import io.reactivex.rxjava3.core.Flowable;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Whole jobs run by {@link LocalJobRunner} with workers as threads of this JVM, wired over loopback sockets. */
@ExtendWith(LocalJobRunnerExtension.class)
@Timeout(120)
class LocalJobRunnerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void keyedPipelineCountsExactlyAndEachKeyHasOneOwner(LocalJobRunner runner, @TempDir Path results)
            throws Exception {
        LocalJob job = runner.workers(1, 2).workers(2, 3)
                .parameter("events", "300000").parameter("keys", "997")
                .parameter("resultDir", results.toString())
                .start(new KeyedCountJob().job());

        job.awaitCompletion(WAIT);

        ResultFiles.assertExact(ResultFiles.read(results), 3, 300_000, 997);
    }

    @Test
    void jobCompletesOnlyWhenEveryWorkerOfEveryStageHasEnded(LocalJobRunner runner) throws Exception {
        Queue<Long> out = new ConcurrentLinkedQueue<>();
        Job<Long> job = Job.named("slow-starter")
                .<Long>source(ctx -> Flowable.rangeLong(0, 3))
                .stage(Stage.<Long, Long>scalar("pass", (ctx, in) -> in).withCodec(Codecs.longs()))
                .stage(Stage.<Long, Long>scalar("last", (ctx, in) -> {
                    if (ctx.workerIndex() == 1) {
                        // Connected already, so stage 1 and the other worker can finish while this one is
                        // still starting: the job must not count as complete until this worker has ended too.
                        Thread.sleep(300);
                    }
                    return in;
                }).withWorkers(2))
                .sink(Sink.custom(ctx -> new SinkConsumer<Long>() {
                    @Override
                    public void accept(Long event) {
                        out.add(event);
                    }

                    @Override
                    public void complete() throws InterruptedException {
                        if (ctx.workerIndex() == 1) {
                            Thread.sleep(300); // still running when a premature completion would be reported
                        }
                    }
                }));

        LocalJob local = runner.start(job);
        local.awaitCompletion(WAIT);

        for (int stage = 1; stage <= 2; stage++) {
            for (WorkerHandle w : local.workers(stage)) {
                assertFalse(w.isAlive(), "the job completed while stage " + stage + " worker " + w.index() + " ran");
            }
        }
        assertEquals(3, out.size());
    }

    @Test
    void throwingStageFailsTheJobNamingJobStageAndWorker(LocalJobRunner runner) throws Exception {
        LocalJob job = runner.jobId("throwing-7").parameter("failAt", "5000").start(new ThrowingStageJob().job());

        JobFailedException failure = assertThrows(JobFailedException.class, () -> job.awaitCompletion(WAIT));

        String message = failure.getMessage();
        assertTrue(message.contains("job throwing-7 stage 2 'explode' worker 0"), message);
        assertTrue(message.contains("boom at event 5000"), message);
    }

    @Test
    void badParameterIsRejectedBeforeAnyWorkerStarts(LocalJobRunner runner, @TempDir Path results) {
        AtomicLong sourceStarts = new AtomicLong();
        Job<Long> job = Job.named("guarded")
                .parameter(KeyedCountJob.KEYS)
                .<Long>source(ctx -> {
                    sourceStarts.incrementAndGet();
                    return Flowable.just(1L);
                })
                .stage(Stage.<Long, Long>scalar("pass", (ctx, in) -> in))
                .sink(Sink.discard());

        InvalidParameterException bad = assertThrows(InvalidParameterException.class,
                () -> runner.parameter("keys", "many").start(job));

        assertEquals("keys", bad.parameter());
        assertTrue(bad.getMessage().contains("'many' is not a valid int"), bad.getMessage());
        assertEquals(0, sourceStarts.get(), "no source may start when a parameter is bad");
    }

    @Test
    void slowLosslessStageSlowsTheSourceAndBoundsWhatIsBuffered(LocalJobRunner runner) throws Exception {
        AtomicLong emitted = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        Semaphore gate = new Semaphore(0);
        LocalJob job = runner.start(gatedJob("lossless", false, emitted, consumed, gate));

        long bound = 64_000;
        for (int step = 1; step <= 10; step++) {
            gate.release(10_000);
            long target = step * 10_000L;
            Await.until("the sink to take " + target + " events", WAIT, () -> consumed.get() >= target,
                    () -> "consumed " + consumed.get() + ", emitted " + emitted.get());
            long ahead = emitted.get() - consumed.get();
            assertTrue(ahead <= bound, "the source ran " + ahead + " events ahead of a blocked sink; "
                    + "credit should hold it within " + bound);
        }
        assertTrue(job.completion().isDone() == false, "the job should still be running");
    }

    @Test
    void slowLossyStageDropsAndCountsInsteadOfSlowingTheSource(LocalJobRunner runner) throws Exception {
        AtomicLong emitted = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        Semaphore gate = new Semaphore(1_000);
        LocalJob job = runner.start(gatedJob("lossy", true, emitted, consumed, gate));

        Await.until("the source to run far ahead of a blocked sink", WAIT,
                () -> emitted.get() > consumed.get() + 500_000,
                () -> "consumed " + consumed.get() + ", emitted " + emitted.get());

        int adminPort = job.workers(1).get(0).adminPort();
        Await.until("drops to be counted", WAIT,
                () -> metric(adminPort, "mantis_stage_events_dropped_total") > 0);
        gate.release(Integer.MAX_VALUE / 2);
    }

    @Test
    void replacedUpstreamWorkerIsReconnected(LocalJobRunner runner) throws Exception {
        Queue<String> out = new ConcurrentLinkedQueue<>();
        LocalJob job = runner.start(new TickingJob().job(), out::add);
        Await.until("output from the first source worker", WAIT, () -> out.stream().anyMatch(s -> s.startsWith("number-1-")));

        WorkerHandle replacement = job.replaceWorker(1, 0);

        assertEquals(2, replacement.number());
        Await.until("output from the replacement", WAIT, () -> out.stream().anyMatch(s -> s.startsWith("number-2-")));
    }

    @Test
    void workersServeMetricsAndTheLastStageServesEvents(LocalJobRunner runner) throws Exception {
        LocalJob job = runner.start(new TickingJob().job());
        WorkerHandle sink = job.workers(2).get(0);

        String line = Http.firstLine(sink.sinkPort(), "/events", l -> l.startsWith("data: number-1-tick-"));
        assertTrue(line.startsWith("data: "), line);

        Await.until("events counted in and out at the last stage", WAIT,
                () -> metric(sink.adminPort(), "mantis_stage_events_in_total") > 0
                        && metric(sink.adminPort(), "mantis_stage_events_out_total") > 0);
        Await.until("latency markers measured at the last stage", WAIT,
                () -> metric(sink.adminPort(), "mantis_end_to_end_latency_seconds_count") > 0);
        int source = job.workers(1).get(0).adminPort();
        Await.until("frames and bytes counted by the source worker", WAIT,
                () -> metric(source, "mantis_transport_frames_sent_total") > 0
                        && metric(source, "mantis_transport_bytes_sent_total") > 0);
    }

    @Test
    void codecThatCannotEncodeFailsTheJobNamingStageAndType(LocalJobRunner runner) throws Exception {
        LocalJob job = runner.jobId("enc-1").start(codecJob(new BrokenCodec(true, false)));

        JobFailedException failure = assertThrows(JobFailedException.class, () -> job.awaitCompletion(WAIT));

        String message = failure.getMessage();
        assertTrue(message.contains("stage 1 'produce'"), message);
        assertTrue(message.contains("BrokenTemperature"), message);
    }

    @Test
    void codecThatCannotDecodeFailsTheJobNamingStageAndType(LocalJobRunner runner) throws Exception {
        LocalJob job = runner.jobId("dec-1").start(codecJob(new BrokenCodec(false, true)));

        JobFailedException failure = assertThrows(JobFailedException.class, () -> job.awaitCompletion(WAIT));

        String message = failure.getMessage();
        assertTrue(message.contains("stage 2 'consume'"), message);
        assertTrue(message.contains("BrokenTemperature"), message);
    }

    private static Job<Long> codecJob(Codec<Long> codec) {
        return Job.named("codec")
                .<Long>source(ctx -> Flowable.rangeLong(0, 10_000))
                .stage(Stage.<Long, Long>scalar("produce", (ctx, in) -> in).withCodec(codec))
                .stage(Stage.<Long, Long>scalar("consume", (ctx, in) -> in))
                .sink(Sink.discard());
    }

    /** A codec that fails on purpose, on one side of the wire. */
    private record BrokenCodec(boolean failEncode, boolean failDecode) implements Codec<Long> {
        @Override
        public void encode(Long value, DataOutput out) throws IOException {
            if (failEncode && value == 500) {
                throw new IOException("value out of range");
            }
            out.writeLong(value);
        }

        @Override
        public Long decode(DataInput in) throws IOException {
            long v = in.readLong();
            if (failDecode && v == 500) {
                throw new IOException("sensor id unknown");
            }
            return v;
        }

        @Override
        public String typeName() {
            return "BrokenTemperature";
        }
    }

    @Test
    void eventCountsAreCurrentEvenForASlowStream(LocalJobRunner runner) throws Exception {
        Job<Long> job = Job.named("ten-then-idle")
                .<Long>source(ctx -> Flowable.rangeLong(0, 10).concatWith(Flowable.never()))
                .stage(Stage.<Long, Long>scalar("pass", (ctx, in) -> in))
                .sink(Sink.discard());
        LocalJob local = runner.start(job);
        int admin = local.workers(1).get(0).adminPort();

        Await.until("all 10 events counted in and out", WAIT,
                () -> metric(admin, "mantis_stage_events_in_total") == 10
                        && metric(admin, "mantis_stage_events_out_total") == 10,
                () -> "in " + metric(admin, "mantis_stage_events_in_total"));
    }

    private static double metric(int adminPort, String name) {
        try {
            return Http.sum(Http.get(adminPort, "/metrics"), name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** An endless counter → (network) → a sink that takes one event per gate permit. */
    private static Job<Long> gatedJob(String name, boolean lossy, AtomicLong emitted, AtomicLong consumed,
                                      Semaphore gate) {
        Stage<Long, Long> first = Stage.<Long, Long>scalar("count-up", (ctx, in) -> in).withCodec(Codecs.longs());
        return Job.named(name)
                .<Long>source(ctx -> Flowable.rangeLong(0, Long.MAX_VALUE).doOnNext(i -> emitted.incrementAndGet()))
                .stage(lossy ? first.lossy() : first)
                .stage(Stage.<Long, Long>scalar("slow", (ctx, in) -> in))
                .sink(Sink.custom(ctx -> event -> {
                    gate.acquire();
                    consumed.incrementAndGet();
                }));
    }
}
