package io.mantis.runtime.worker;

import io.mantis.runtime.admin.AdminHandler;
import io.mantis.runtime.admin.AdminServer;
import io.mantis.runtime.metrics.StageMetrics;
import io.mantis.runtime.sink.SseSinkServer;
import io.mantis.runtime.transport.InboundClient;
import io.mantis.runtime.transport.InboundConfig;
import io.mantis.runtime.transport.MarkerListener;
import io.mantis.runtime.transport.OutboundConfig;
import io.mantis.runtime.transport.OutboundServer;
import io.mantis.sdk.Codec;
import io.mantis.sdk.Job;
import io.mantis.sdk.ParameterValues;
import io.mantis.sdk.Sink;
import io.mantis.sdk.SinkConsumer;
import io.mantis.sdk.Stage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stage of one job: source or network input → the stage's user code → network output or sink,
 * plus the admin endpoint. The same class runs inside a worker process ({@link WorkerMain}) and as a thread
 * of {@code LocalJobRunner}.
 *
 * <p>Lifecycle: {@code NEW → RUNNING → DONE | FAILED | KILLED}; {@link #start()} once; {@link #completion()}
 * tells how it ended; {@link #close()} is idempotent.
 */
public final class StageWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StageWorker.class);

    /** Where a worker is in its life. */
    public enum State { NEW, RUNNING, DONE, FAILED, KILLED }

    /** The ports a started worker listens on; 0 where it has no such endpoint. */
    public record Endpoints(int dataPort, int sinkPort, int adminPort) {
    }

    private final Job<?> job;
    private final Assignment assignment;
    private final ParameterValues parameters;
    private final EventLoopGroup group;
    private final PrometheusMeterRegistry registry;
    private final Consumer<Object> tap;
    private final String label;
    private final StageMetrics metrics;
    private final WorkerContext context;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

    private volatile AdminServer admin;
    private volatile OutboundServer<Object> outbound;
    private volatile InboundClient<Object> inbound;
    private volatile SseSinkServer sse;
    private volatile ExecutorService stageThread;
    private volatile Thread stageThreadOwner;
    private volatile Endpoints endpoints = new Endpoints(0, 0, 0);

    /**
     * @param tap receives every output event of a last-stage worker before the sink (the local runner's
     *            window on the output); called from the stage's thread
     */
    public StageWorker(Job<?> job, Assignment assignment, ParameterValues parameters, EventLoopGroup group,
                       PrometheusMeterRegistry registry, Consumer<Object> tap) {
        this.job = Objects.requireNonNull(job, "job is null");
        this.assignment = Objects.requireNonNull(assignment, "assignment is null");
        this.parameters = Objects.requireNonNull(parameters, "parameters is null");
        this.group = Objects.requireNonNull(group, "group is null");
        this.registry = Objects.requireNonNull(registry, "registry is null");
        this.tap = tap == null ? e -> { } : tap;
        if (job.stages().size() != assignment.stageCount()) {
            throw new IllegalArgumentException("job '" + job.name() + "' has " + job.stages().size()
                    + " stages but the assignment has " + assignment.stageCount());
        }
        Stage<?, ?> stage = job.stages().get(assignment.stageNumber() - 1);
        this.label = "job " + assignment.jobId() + " stage " + assignment.stageNumber() + " '" + stage.name()
                + "' worker " + assignment.workerIndex() + " (number " + assignment.workerNumber() + ")";
        this.metrics = new StageMetrics(registry, assignment.jobId(), assignment.stageNumber(),
                assignment.workerIndex());
        this.context = new WorkerContext(assignment, stage.name(), parameters, registry);
    }

    /** Job, stage and worker, as error messages and log lines name them. */
    public String label() {
        return label;
    }

    public State state() {
        return state.get();
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** SSE clients connected to this worker's sink now; 0 before start and for a worker without an SSE sink. */
    public int subscribers() {
        SseSinkServer s = sse;
        return s == null ? 0 : s.clientCount();
    }

    /** Completes when the stage's stream ended and its output was delivered; fails with {@link StageFailedException}. */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /**
     * Binds the worker's ports and starts the stage. Failures of user code are not thrown: they end the
     * worker, see {@link #completion()}.
     */
    public Endpoints start() throws InterruptedException {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException(label + " was already started");
        }
        admin = new AdminServer(assignment.bindHost(), assignment.adminPort(), group, registry, new Admin());
        int adminPort = admin.start();
        endpoints = new Endpoints(0, 0, adminPort);
        try {
            job.lifecycle().open(context);
            wire();
        } catch (Throwable t) {
            fail(t);
        }
        LOG.info("{} started: data port {}, sink port {}, admin port {}", label, endpoints.dataPort(),
                endpoints.sinkPort(), endpoints.adminPort());
        return endpoints;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void wire() throws Exception {
        int n = assignment.stageNumber();
        Stage<Object, Object> stage = (Stage<Object, Object>) job.stages().get(n - 1);
        MarkerListener markers;
        int dataPort = 0;
        int sinkPort = 0;
        if (!assignment.isLastStage()) {
            OutboundConfig config = OutboundConfig
                    .defaults(label, stage.keyCodec(), stage.isLossy(), assignment.downstreamWorkers())
                    .withPort(assignment.bindHost(), assignment.dataPort())
                    .withMarkerInterval(assignment.isFirstStage() ? Duration.ofMillis(200) : Duration.ZERO);
            outbound = new OutboundServer<>(config, stage.codec(), group, metrics);
            dataPort = outbound.start();
            markers = outbound::injectMarker;
        } else {
            markers = this::recordLatency;
            if (job.sink().kind() == Sink.Kind.SSE) {
                sse = new SseSinkServer(assignment.bindHost(), assignment.sinkPort(), group, metrics);
                sinkPort = sse.start();
            }
        }
        endpoints = new Endpoints(dataPort, sinkPort, endpoints.adminPort());

        Flowable<Object> input = Counting.counted(input(markers), metrics.eventsIn);
        Flowable<Object> output = stage.function().apply(context, input);
        if (output == null) {
            throw new IllegalStateException("the stage function returned null instead of a Flowable");
        }
        output = Counting.counted(output, metrics.eventsOut);
        if (outbound != null) {
            watch(outbound.whenDone());
            output.subscribe(outbound.subscriber());
        } else {
            Sink<Object> sink = (Sink<Object>) job.sink();
            SinkConsumer<Object> consumer = sink.kind() == Sink.Kind.CUSTOM ? sink.factory().create(context) : null;
            SinkSubscriber<Object> subscriber = new SinkSubscriber<>(sink, sse, consumer, tap);
            watch(subscriber.whenDone());
            output.subscribe(subscriber);
        }
    }

    /** The worker ends as its output does: delivered to the next stage or the sink, or failed. */
    private void watch(CompletableFuture<Void> delivered) {
        // The output may end on a Netty event loop; close hooks are user code, so they run on the stage thread
        // with the job's class loader. Once that thread is stopped the worker has already ended.
        delivered.whenCompleteAsync((ok, error) -> {
            if (error == null) {
                succeed();
            } else {
                fail(error);
            }
        }, stageThread);
    }

    @SuppressWarnings("unchecked")
    private Flowable<Object> input(MarkerListener markers) throws Exception {
        stageThread = newStageThread();
        if (assignment.isFirstStage()) {
            Flowable<Object> source = (Flowable<Object>) job.source().create(context);
            if (source == null) {
                throw new IllegalStateException("the source returned null instead of a Flowable");
            }
            // Credit arrives on Netty's event loop; requests hop to the stage thread (in chunks, not per event)
            // so user source code never runs on, or blocks, an event loop.
            Scheduler scheduler = Schedulers.from(stageThread);
            return source.subscribeOn(scheduler, true);
        }
        Stage<?, ?> previous = job.stages().get(assignment.stageNumber() - 2);
        InboundConfig config = InboundConfig.defaults(label, assignment.workerIndex());
        inbound = new InboundClient<>(config, (Codec<Object>) previous.codec(), group, metrics, markers, stageThread);
        inbound.setUpstreams(assignment.upstreamAddresses());
        return inbound.events();
    }

    /**
     * The thread all of the stage's user code runs on. Its context class loader is the job JAR's, for user
     * code that looks classes or resources up through it.
     */
    private ExecutorService newStageThread() {
        ClassLoader userLoader = job.source().getClass().getClassLoader();
        String name = "mantis-stage-" + assignment.jobId() + "-s" + assignment.stageNumber() + "-w"
                + assignment.workerIndex();
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.setContextClassLoader(userLoader);
            stageThreadOwner = t;
            return t;
        });
    }

    private void recordLatency(long originEpochMicros) {
        long age = MarkerListener.nowEpochMicros() - originEpochMicros;
        if (age >= 0) {
            metrics.endToEndLatency.record(age, TimeUnit.MICROSECONDS);
        }
    }

    /** The previous stage's workers are now at these addresses. */
    public void setUpstreams(List<InetSocketAddress> upstreams) {
        InboundClient<Object> in = inbound;
        if (in == null) {
            throw new IllegalStateException(label + " has no upstream stage");
        }
        in.setUpstreams(upstreams);
    }

    /** The next stage now has {@code count} workers. */
    public void setDownstreamWorkers(int count) {
        OutboundServer<Object> out = outbound;
        if (out == null) {
            throw new IllegalStateException(label + " is in the last stage");
        }
        out.setDownstreamWorkers(count);
    }

    private void succeed() {
        if (state.compareAndSet(State.RUNNING, State.DONE)) {
            LOG.info("{} completed", label);
            runCloseHooks();
            completion.complete(null);
        }
    }

    private void fail(Throwable error) {
        if (state.compareAndSet(State.RUNNING, State.FAILED)) {
            StageFailedException failure = new StageFailedException(label + " failed: " + error, error);
            LOG.error("{} failed", label, error);
            runCloseHooks();
            closeNetwork();
            completion.completeExceptionally(failure);
        }
    }

    private void runCloseHooks() {
        try {
            job.lifecycle().close(context);
        } catch (Exception e) {
            LOG.warn("{}: lifecycle close failed", label, e);
        }
        context.runCloseHooks(label);
        stopStageThread(false);
    }

    /** Lets the stage thread finish what it runs ({@code now}: interrupts it), then ends it. */
    private void stopStageThread(boolean now) {
        ExecutorService thread = stageThread;
        if (thread == null) {
            return;
        }
        if (now) {
            thread.shutdownNow();
        } else {
            thread.shutdown();
        }
    }

    /** Ends the worker abruptly, as a crash would: connections drop, nothing is flushed. */
    public void kill() {
        State previous = state.getAndSet(State.KILLED);
        if (previous == State.KILLED) {
            return;
        }
        closeNetwork();
        stopStageThread(true);
        completion.completeExceptionally(new StageFailedException(label + " was killed", null));
    }

    private void closeNetwork() {
        closeQuietly(inbound);
        closeQuietly(outbound);
        closeQuietly(sse);
    }

    @Override
    public void close() {
        boolean wasRunning = state.compareAndSet(State.RUNNING, State.KILLED);
        if (wasRunning || state.compareAndSet(State.NEW, State.KILLED)) {
            completion.completeExceptionally(new StageFailedException(label + " was stopped", null));
        }
        closeNetwork();
        closeQuietly(admin);
        stopStageThread(true);
        if (wasRunning) {
            // A stopped stream has ended too: the job's close hooks release what open() took, once the stage's
            // own code has stopped running.
            awaitStageThread();
            runCloseHooks();
        }
    }

    private void awaitStageThread() {
        ExecutorService thread = stageThread;
        if (thread == null || Thread.currentThread() == stageThreadOwner) {
            return;
        }
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("{}: stage code still running 5 s after stop; running close hooks anyway", label);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("{}: closing {} failed", label, c.getClass().getSimpleName(), e);
        }
    }

    /** Answers the admin endpoint. */
    private final class Admin implements AdminHandler {
        @Override
        public Map<String, Object> health() {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("state", state.get().name());
            h.put("jobId", assignment.jobId());
            h.put("stage", assignment.stageNumber());
            h.put("workerIndex", assignment.workerIndex());
            h.put("workerNumber", assignment.workerNumber());
            Endpoints e = endpoints;
            h.put("dataPort", e.dataPort());
            h.put("sinkPort", e.sinkPort());
            h.put("adminPort", e.adminPort());
            SseSinkServer s = sse;
            if (s != null) {
                h.put("sinkClients", s.clientCount());
            }
            return h;
        }

        @Override
        public void setUpstreams(List<InetSocketAddress> upstreams) {
            StageWorker.this.setUpstreams(upstreams);
        }

        @Override
        public void setDownstreamWorkers(int count) {
            StageWorker.this.setDownstreamWorkers(count);
        }
    }
}
