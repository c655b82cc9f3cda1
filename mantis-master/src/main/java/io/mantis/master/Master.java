package io.mantis.master;

import io.mantis.master.api.ApiServer;
import io.mantis.master.api.ApiServerConfig;
import io.mantis.master.api.Views.StatusView;
import io.mantis.master.artifacts.ArtifactStore;
import io.mantis.master.artifacts.JarInspector;
import io.mantis.master.control.ControlPlane;
import io.mantis.master.control.ControlPlaneFactory;
import io.mantis.master.control.MasterService;
import io.mantis.master.leader.LeaderElection;
import io.mantis.master.leader.LeadershipListener;
import io.mantis.master.metrics.MasterMetrics;
import io.mantis.master.pools.LoggingPoolScaler;
import io.mantis.master.pools.PoolScaler;
import io.mantis.master.resources.ProviderFactory;
import io.mantis.master.resources.mesos.AgentMachine;
import io.mantis.master.resources.mesos.MesosConfig;
import io.mantis.master.resources.mesos.MesosPoolScaler;
import io.mantis.master.resources.mesos.MesosResourceProvider;
import io.mantis.master.resources.mesos.ScaleHook;
import io.mantis.master.store.EmbeddedZooKeeper;
import io.mantis.master.store.ZkMetadataStore;
import io.mantis.master.store.ZooKeeperConnection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running master: ZooKeeper (embedded or external), the artifact store, the REST API, and leader election. The
 * leader builds a control plane from the store; a standby serves artifacts and status and answers 503 otherwise.
 */
public final class Master implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Master.class);
    private static final String VERSION = "0.1.0-SNAPSHOT";

    private final MasterConfig config;
    private final PoolScaler scaler;
    /** The scaler this master built itself (and so closes); null when the caller passed one. */
    private final MesosPoolScaler ownScaler;
    /** The Mesos provider of the current leadership term; its offers name the agents' machines. */
    private volatile MesosResourceProvider mesosProvider;
    private final String memberId = UUID.randomUUID().toString();
    private final long startedAt = System.currentTimeMillis();
    private EmbeddedZooKeeper zookeeper;
    private ZooKeeperConnection connection;
    private ZkMetadataStore store;
    private ArtifactStore artifacts;
    private MasterMetrics metrics;
    private MasterService service;
    private ApiServer api;
    private LeaderElection election;
    private volatile ControlPlane plane;
    private volatile boolean closed;

    private Master(MasterConfig config, PoolScaler scaler) {
        this.config = config;
        if (scaler != null) {
            this.scaler = scaler;
            this.ownScaler = null;
        } else if (config.mesos() != null) {
            this.ownScaler = new MesosPoolScaler(config.mesos(), hook(config), this::machine,
                    Duration.ofSeconds(10), Clock.systemUTC());
            this.scaler = ownScaler;
        } else {
            this.scaler = new LoggingPoolScaler();
            this.ownScaler = null;
        }
    }

    /**
     * Starts a master and returns once its REST API answers (as leader or standby). On Mesos, pools with rules
     * ({@link MasterConfig#pools()}) drain agents through the Mesos operator API and call
     * {@link MasterConfig#scalerCommand()} or {@link MasterConfig#scalerUrl()} (or only log, with neither); embedded
     * pools only log what they would start or release.
     *
     * @throws IllegalArgumentException when the Mesos master or the scaler URL is malformed
     */
    public static Master start(MasterConfig config) {
        Objects.requireNonNull(config, "config is null");
        return launch(new Master(config, null));
    }

    /**
     * Starts a master whose agent pools scale by {@link MasterConfig#pools()} through {@code scaler}, and returns
     * once its REST API answers (as leader or standby).
     *
     * @param scaler adds and releases agents; called from the leader's pool thread, never concurrently
     */
    public static Master start(MasterConfig config, PoolScaler scaler) {
        return launch(new Master(Objects.requireNonNull(config, "config is null"),
                Objects.requireNonNull(scaler, "scaler is null")));
    }

    private static Master launch(Master master) {
        try {
            master.startParts();
            master.awaitRole();
            return master;
        } catch (RuntimeException e) {
            master.close();
            throw e;
        }
    }

    private void startParts() {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
        }
        if (config.zookeeper() == null) {
            zookeeper = EmbeddedZooKeeper.start(config.dataDir().resolve("zookeeper"), config.zookeeperPort());
        }
        connection = ZooKeeperConnection.open(zookeeper != null ? zookeeper.connectString() : config.zookeeper());
        store = new ZkMetadataStore(connection.curator());
        artifacts = new ArtifactStore(config.dataDir(), new JarInspector(), Clock.systemUTC());
        metrics = new MasterMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        service = new MasterService(artifacts, metrics, this::status, config.executorJar());
        api = new ApiServer(ApiServerConfig.of(config.bindHost(), config.port(), config.apiToken(),
                config.maxArtifactBytes(), config.dataDir().resolve("spool")), service);
        election = new LeaderElection(connection.curator(), "/leader", memberId, new LeadershipListener() {
            @Override
            public void onLeadershipAcquired() {
                lead();
            }

            @Override
            public void onLeadershipLost() {
                stepDown();
            }
        });
        election.start();
        LOG.info("master {} serving {} (ZooKeeper {})", memberId, api.url(), zookeeper());
    }

    /** Waits until this master leads and has recovered, or another master is known to lead. */
    private void awaitRole() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        // The latch may already name this member while its leadership callback is still on its way.
        while (plane == null && !election.leaderId().filter(id -> !id.equals(memberId)).isPresent()) {
            if (System.nanoTime() > deadline) {
                LOG.warn("master {} has no leader after 30 s; serving as a standby", memberId);
                return;
            }
            try {
                Thread.sleep(20); // polling the election's state; Curator offers no callback for "someone else leads"
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void lead() {
        if (closed) {
            return;
        }
        LOG.info("master {} is the leader: recovering from the store", memberId);
        ControlPlane p = ControlPlaneFactory.build(store, artifacts, metrics, api.url(), config.apiToken(),
                config.agentTimeout(), config.workerTimeout(), Clock.systemUTC(), providers(), config.pools(), scaler);
        p.start();
        plane = p;
        service.controlPlane(p);
        LOG.info("master {} leads: {} jobs", memberId, p.jobCount());
    }

    /** Embedded agents by default; Mesos when a Mesos master is configured. */
    private ProviderFactory providers() {
        if (config.mesos() == null) {
            return ControlPlaneFactory::embeddedAgents;
        }
        MesosConfig mesos = MesosConfig.defaults(config.mesos());
        return context -> {
            MesosResourceProvider provider = new MesosResourceProvider(mesos, context);
            mesosProvider = provider;
            return provider;
        };
    }

    private static ScaleHook hook(MasterConfig config) {
        Duration timeout = Duration.ofMinutes(2);
        if (config.scalerCommand() != null) {
            return ScaleHook.command(config.scalerCommand(), timeout);
        }
        return config.scalerUrl() != null ? ScaleHook.http(config.scalerUrl(), timeout) : ScaleHook.none();
    }

    private Optional<AgentMachine> machine(String agentId) {
        MesosResourceProvider provider = mesosProvider;
        return provider == null ? Optional.empty() : provider.machine(agentId);
    }

    private void stepDown() {
        service.controlPlane(null);
        ControlPlane p = plane;
        plane = null;
        if (p != null) {
            if (closed) {
                LOG.info("master {} stopping: its control plane ends; workers keep running", memberId);
            } else {
                LOG.warn("master {} lost leadership: stopping its control plane; workers keep running", memberId);
            }
            p.close();
        }
    }

    private StatusView status() {
        ControlPlane p = plane;
        boolean leader = election != null && election.isLeader();
        return new StatusView(memberId, leader, VERSION, zookeeper(), p == null ? 0 : p.jobCount(),
                p == null ? 0 : p.agentCount(), startedAt);
    }

    /** e.g. {@code http://127.0.0.1:8100}; the REST API is under {@code /api/v1}, metrics at {@code /metrics}. */
    public URI url() {
        return api.url();
    }

    /** {@code host:port} of the ZooKeeper the master uses. */
    public String zookeeper() {
        return zookeeper != null ? zookeeper.connectString() : config.zookeeper();
    }

    /** Whether this master leads and has recovered its jobs. */
    public boolean isLeading() {
        return plane != null;
    }

    /** Stops the master; running workers keep running and are re-adopted by the next master. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (election != null) {
            election.close();
        }
        stepDown();
        if (ownScaler != null) {
            ownScaler.close();
        }
        if (api != null) {
            api.close();
        }
        if (store != null) {
            store.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
    }
}
