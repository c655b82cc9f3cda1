package io.mantis.cli.mesos;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * A Mesos master with fake agents, for tests, that speaks the real v1 scheduler and executor HTTP APIs (protobuf,
 * RecordIO streams) on 127.0.0.1. It enforces what a real master enforces (403 before SUBSCRIBE, the
 * {@code Mesos-Stream-Id}, offers used once by their own framework, resources within the offers, acknowledgements)
 * and starts each executor as a real local process, with the sandbox and {@code MESOS_*} environment an agent gives
 * it. There is no isolation: executors run as children of the test JVM.
 *
 * <p>Threading: every state change happens on one loop thread; the methods here are safe from any thread and
 * block briefly for the loop's answer. Controls throw {@link IllegalArgumentException} for unknown ids.
 */
public final class FakeMesosMaster implements AutoCloseable {

    private final ScheduledExecutorService loop;
    /** Fetching and process starts block; they run here, never on the loop. */
    private final java.util.concurrent.ExecutorService blocking = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-mesos-launcher");
        t.setDaemon(true);
        return t;
    });
    private final EventLoopGroup netty = new NioEventLoopGroup(2);
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<org.apache.mesos.v1.executor.Protos.Call> executorCalls = new CopyOnWriteArrayList<>();
    private final List<org.apache.mesos.v1.master.Protos.Call> operatorCalls = new CopyOnWriteArrayList<>();
    private final MesosCore core;
    private final ExecutorApi executorApi;
    private final OperatorApi operatorApi;
    private final LoopbackHttpServer server;

    private FakeMesosMaster(Builder b) {
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fake-mesos-master");
            t.setDaemon(true);
            return t;
        });
        AtomicReference<SchedulerApi> api = new AtomicReference<>();
        AtomicReference<OperatorApi> operator = new AtomicReference<>();
        server = new LoopbackHttpServer("fake-mesos-master", netty, request -> loop.execute(() -> {
            if (request.path().equals(OperatorApi.PATH)) {
                operator.get().handle(request);
            } else {
                api.get().handle(request);
            }
        }));
        core = new MesosCore(b.workDir, b.heartbeat, b.updateRetry, b.registrationTimeout, server.port(),
                new ExecutorLauncher(), loop, blocking);
        api.set(new SchedulerApi(core, calls));
        operatorApi = new OperatorApi(core, operatorCalls);
        operator.set(operatorApi);
        executorApi = new ExecutorApi(core, executorCalls);
        for (AgentSpec spec : b.agents) {
            addAgent(spec);
        }
        loop.scheduleWithFixedDelay(core::tick, b.allocationInterval.toMillis(), b.allocationInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        loop.scheduleAtFixedRate(core::heartbeats, b.heartbeat.toMillis(), b.heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A fake master keeping sandboxes under {@code workDir}. */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** Options; the defaults are a 1 s heartbeat, offers every 200 ms, updates retried after 10 s. */
    public static final class Builder {
        private final Path workDir;
        private final List<AgentSpec> agents = new ArrayList<>();
        private Duration heartbeat = Duration.ofSeconds(1);
        private Duration allocationInterval = Duration.ofMillis(200);
        private Duration updateRetry = Duration.ofSeconds(10);
        private Duration registrationTimeout = Duration.ofMinutes(1);

        private Builder(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir is null");
        }

        public Builder agent(AgentSpec agent) {
            agents.add(Objects.requireNonNull(agent, "agent is null"));
            return this;
        }

        public Builder heartbeat(Duration interval) {
            this.heartbeat = positive(interval, "heartbeat");
            return this;
        }

        public Builder allocationInterval(Duration interval) {
            this.allocationInterval = positive(interval, "allocationInterval");
            return this;
        }

        public Builder executorRegistrationTimeout(Duration timeout) {
            this.registrationTimeout = positive(timeout, "executorRegistrationTimeout");
            return this;
        }

        public FakeMesosMaster start() {
            return new FakeMesosMaster(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isZero() || d.isNegative() || d.toMillis() < 1) {
                throw new IllegalArgumentException(name + " must be at least 1 ms, got " + d);
            }
            return d;
        }
    }

    /** {@code http://127.0.0.1:<port>}, what a framework is given as its Mesos master URL. */
    public URI url() {
        return URI.create("http://" + server.hostPort());
    }

    /** {@code 127.0.0.1:<port>}. */
    public String hostPort() {
        return server.hostPort();
    }

    /** Adds an agent; its resources are offered from the next allocation round. */
    public void addAgent(AgentSpec spec) {
        onLoop(() -> {
            if (core.agents.containsKey(spec.id())) {
                throw new IllegalArgumentException("agent '" + spec.id() + "' exists already");
            }
            AtomicReference<FakeAgent> self = new AtomicReference<>();
            LoopbackHttpServer api = new LoopbackHttpServer("fake-agent-" + spec.id(), netty,
                    request -> loop.execute(() -> executorApi.handle(self.get(), request)));
            FakeAgent agent = new FakeAgent(spec, api, "127.0.1." + (core.agents.size() + 1));
            self.set(agent);
            core.agents.put(spec.id(), agent);
            return null;
        });
    }

    /** Closes every framework's subscription stream, as a master failover or a network cut does. */
    public void disconnectFramework() {
        onLoop(() -> {
            core.disconnectFrameworks();
            return null;
        });
    }

    /** Rescinds an outstanding offer (RESCIND event). */
    public void rescind(String offerId) {
        if (!onLoop(() -> core.rescind(offerId))) {
            throw new IllegalArgumentException("offer '" + offerId + "' is not outstanding");
        }
    }

    /** Makes an agent unreachable: its executors are killed, its tasks reported lost, a FAILURE event sent. */
    public void loseAgent(String agentId) {
        onLoop(() -> {
            core.loseAgent(agentId);
            return null;
        });
    }

    /** Kills the executor process of a task, as a crash would; the agent then reports the task failed. */
    public void crashExecutor(String taskId) {
        if (!onLoop(() -> core.agentSide().crashExecutor(taskId))) {
            throw new IllegalArgumentException("task '" + taskId + "' has no running executor process");
        }
    }

    /**
     * Makes DRAIN_AGENT unknown, as on a master older than 1.9: it is answered 400 "Expecting 'type' to be present",
     * so a client must fall back to maintenance.
     */
    public void drainUnsupported(boolean unsupported) {
        operatorApi.drainUnsupported = unsupported;
    }

    /** Every operator API call ({@code POST /api/v1}) received and parsed, in order. */
    public List<org.apache.mesos.v1.master.Protos.Call> operatorCalls() {
        return List.copyOf(operatorCalls);
    }

    public List<org.apache.mesos.v1.master.Protos.Call> operatorCalls(
            org.apache.mesos.v1.master.Protos.Call.Type type) {
        return operatorCalls.stream().filter(c -> c.getType() == type).toList();
    }

    /** Where an agent stands with the operator API. */
    public AgentMode agentMode(String agentId) {
        return onLoop(() -> {
            FakeAgent agent = core.agents.get(agentId);
            if (agent == null) {
                throw new IllegalArgumentException("no agent '" + agentId + "'; agents: " + core.agents.keySet());
            }
            return agent.mode;
        });
    }

    /** The ip each fake agent's offers give as its machine's ({@code url.address.ip}). */
    public String machineIp(String agentId) {
        return onLoop(() -> {
            FakeAgent agent = core.agents.get(agentId);
            if (agent == null) {
                throw new IllegalArgumentException("no agent '" + agentId + "'");
            }
            return agent.machineIp;
        });
    }

    /** Every scheduler call received, valid or not, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(Call.Type type) {
        return calls.stream().filter(c -> c.getType() == type).toList();
    }

    /** Every executor call received by any agent, in order. */
    public List<org.apache.mesos.v1.executor.Protos.Call> executorCalls() {
        return List.copyOf(executorCalls);
    }

    public List<FakeTask> tasks() {
        return onLoop(() -> core.tasks.values().stream().map(t -> {
            FakeAgent agent = core.agents.get(t.agentId);
            ExecutorRun run = agent == null ? null : agent.runs.get(t.executorId);
            Process p = run == null ? null : run.process;
            return new FakeTask(t.taskId, t.frameworkId, t.agentId, t.executorId, t.state, t.pending.size(),
                    run == null ? null : run.sandbox, p == null ? -1 : p.pid());
        }).toList());
    }

    public Optional<FakeTask> task(String taskId) {
        return tasks().stream().filter(t -> t.taskId().equals(taskId)).findFirst();
    }

    /** Offers not yet accepted, declined or rescinded. */
    public List<Offer> outstandingOffers() {
        return onLoop(() -> core.offers.values().stream().map(MesosCore.OfferRecord::offer).toList());
    }

    /** Ids of the frameworks with an open subscription stream. */
    public List<String> connectedFrameworks() {
        return onLoop(() -> core.frameworks.values().stream().filter(FrameworkRecord::connected).map(f -> f.id).toList());
    }

    /** Polls {@code probe} until it yields a value; fails naming {@code what} after {@code timeout}. */
    public static <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20); // the polling interval, not a wait for time to pass
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    public FakeTask awaitTask(String taskId, TaskState state, Duration timeout) {
        try {
            return await("task " + taskId + " in " + state, timeout,
                    () -> task(taskId).filter(t -> t.state() == state));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; tasks: " + tasks(), e);
        }
    }

    public Call awaitCall(Call.Type type, Predicate<Call> match, Duration timeout) {
        return await("a " + type + " call", timeout, () -> calls(type).stream().filter(match).findFirst());
    }

    public List<Offer> awaitOffers(Predicate<Offer> match, Duration timeout) {
        return await("an outstanding offer", timeout, () -> {
            List<Offer> found = outstandingOffers().stream().filter(match).toList();
            return found.isEmpty() ? Optional.empty() : Optional.of(found);
        });
    }

    private <T> T onLoop(Supplier<T> action) {
        try {
            return loop.submit(action::get).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the fake master's loop did not answer within 10 s", e);
        }
    }

    /** Kills every executor and closes all servers; tasks end without updates. */
    @Override
    public void close() {
        if (loop.isShutdown()) {
            return;
        }
        try {
            onLoop(() -> {
                for (FakeAgent agent : core.agents.values()) {
                    for (ExecutorRun run : agent.runs.values()) {
                        run.silent = true;
                        run.destroy();
                    }
                }
                core.disconnectFrameworks();
                return null;
            });
        } finally {
            loop.shutdownNow();
            blocking.shutdownNow();
            for (FakeAgent agent : core.agents.values()) {
                agent.executorApi.close();
            }
            server.close();
            netty.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
