package io.mantis.cli.up;

import io.mantis.master.Master;
import io.mantis.master.MasterConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A master and its embedded agents in this process: what {@code mantis up} runs. The agents belong to an
 * {@link EmbeddedPoolScaler}, which the master's pool manager uses to grow and shrink the pools its config has
 * rules for. Closing stops the agents first (each kills the workers it started), then the master; nothing else.
 */
public final class LocalCluster implements AutoCloseable {

    private final Master master;
    /** Null when the workers run on Mesos. */
    private final EmbeddedPoolScaler scaler;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalCluster(Master master, EmbeddedPoolScaler scaler) {
        this.master = master;
        this.scaler = scaler;
    }

    /**
     * Starts the master (with the pool rules of {@code masterConfig}), then the agents of {@code plan}, pointed at
     * the master. If anything fails to start, what did start is stopped before the failure is rethrown.
     */
    public static LocalCluster start(MasterConfig masterConfig, AgentPlan plan, Path dataDir) {
        EmbeddedPoolScaler scaler = new EmbeddedPoolScaler(plan, dataDir, masterConfig.apiToken());
        Master master;
        try {
            master = Master.start(masterConfig, scaler);
        } catch (RuntimeException | Error e) {
            scaler.close();
            throw e;
        }
        LocalCluster cluster = new LocalCluster(master, scaler);
        try {
            scaler.attach(master.url().toString());
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Only the master, whose workers run elsewhere (on Mesos): what {@code mantis up --mesos} runs. */
    public static LocalCluster masterOnly(MasterConfig masterConfig) {
        return new LocalCluster(Master.start(masterConfig), null);
    }

    public URI url() {
        return master.url();
    }

    public String zookeeper() {
        return master.zookeeper();
    }

    /** Ids of the agents running now, in start order (those a pool added included, those released not). */
    public List<String> agentIds() {
        return scaler == null ? List.of() : scaler.agentIds();
    }

    /** Agents (killing their workers), newest first, then the master. Idempotent; errors are logged. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (scaler != null) {
            scaler.close();
        }
        master.close();
    }
}
