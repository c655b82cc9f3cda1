package io.mantis.executor.agent;

import io.mantis.executor.cgroup.Cgroups;
import io.mantis.executor.cgroup.Isolation;
import io.mantis.protocol.AgentHeartbeat;
import io.mantis.protocol.AgentHeartbeatReply;
import io.mantis.protocol.AgentResources;
import io.mantis.protocol.KillRequest;
import io.mantis.protocol.LaunchRequest;
import io.mantis.protocol.WorkerReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local agent: registers with the master by heartbeat, launches and supervises worker JVMs, each in its own
 * cgroup where the host allows it. Its HTTP server listens on loopback ({@link #url()}); see the control-plane
 * document for the protocol. Thread-safe. Workers never outlive it: {@link #close()} kills them, and each worker
 * watches the agent's process and stops when it dies.
 */
public final class EmbeddedAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAgent.class);
    private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);

    private final AgentConfig config;
    private final Isolation isolation;
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final WorkerProcesses workers;
    private final HeartbeatLoop heartbeats;
    private final AgentHttpServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedAgent(AgentConfig config) throws IOException {
        this.config = config;
        String name = "mantis-agent-" + config.agentId();
        this.executor = Executors.newCachedThreadPool(daemon(name));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon(name + "-timer"));
        this.isolation = Cgroups.detect(config.cgroupParent());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ArtifactCache artifacts = new ArtifactCache(config.workDir().resolve("artifacts"), client);
        HeartbeatLoop[] loop = new HeartbeatLoop[1]; // a worker's news triggers a beat; the loop comes next
        this.workers = new WorkerProcesses(config.workDir(), isolation, artifacts, executor, timer, KILL_GRACE,
                () -> loop[0].beatNow(), System.getProperty("java.class.path"));
        this.server = new AgentHttpServer(config.apiToken(), new Requests(), executor);
        this.heartbeats = new HeartbeatLoop(URI.create(config.masterUrl()), config.apiToken(), HEARTBEAT_INTERVAL,
                this::heartbeat, this::apply, client);
        loop[0] = heartbeats;
        heartbeats.start();
        LOG.info("agent {} ({} pool) serves {}; master {}; {}", config.agentId(), config.pool(), server.url(),
                config.masterUrl(), isolation.description());
    }

    /**
     * Starts the agent's HTTP server and heartbeats; returns at once (the master may not be up yet).
     *
     * @throws UncheckedIOException when the work directory or the server cannot be set up
     */
    public static EmbeddedAgent start(AgentConfig config) {
        Objects.requireNonNull(config, "config is null");
        try {
            return new EmbeddedAgent(config);
        } catch (IOException e) {
            throw new UncheckedIOException("agent " + config.agentId() + " cannot start: " + e.getMessage(), e);
        }
    }

    /** Where the master sends launches and kills, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        return server.url();
    }

    /** How workers are isolated, as reported in heartbeats. */
    public String isolation() {
        return isolation.description();
    }

    /** Every worker not yet forgotten, in launch order. */
    public List<WorkerReport> workers() {
        return workers.reports();
    }

    private AgentHeartbeat heartbeat() {
        return new AgentHeartbeat(config.agentId(), hostname(), config.pool(),
                new AgentResources(config.cpus(), config.memoryMB(), config.networkMbps(), config.diskMB(),
                        config.portsBegin(), config.portsEnd()),
                server.url().toString(), isolation.description(), workers.reports());
    }

    private void apply(AgentHeartbeatReply reply) {
        reply.kill().forEach(id -> {
            if (workers.kill(id)) {
                LOG.info("the master asked to stop worker {}", id);
            }
        });
        workers.forget(reply.forget());
    }

    /**
     * The address workers of this agent are reached at. An embedded agent serves on loopback and its workers bind
     * there too, so it is the loopback address, not the machine's name (which may resolve elsewhere).
     */
    private static String hostname() {
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    /** Stops heartbeating, kills every worker it started and waits for them, then stops serving. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        heartbeats.close();
        workers.killAll(Duration.ofSeconds(5));
        server.close();
        executor.shutdownNow();
        timer.shutdownNow();
        isolation.close();
        LOG.info("agent {} stopped", config.agentId());
    }

    private final class Requests implements AgentHttpServer.Handler {
        @Override
        public void launch(LaunchRequest request) {
            if (closed.get()) {
                throw new IllegalStateException("agent " + config.agentId() + " is closing");
            }
            workers.launch(request);
        }

        @Override
        public boolean kill(KillRequest request) {
            return workers.kill(request.workerId());
        }

        @Override
        public List<WorkerReport> workers() {
            return workers.reports();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
