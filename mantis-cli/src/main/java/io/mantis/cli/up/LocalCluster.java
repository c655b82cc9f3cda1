package io.mantis.cli.up;

import io.mantis.executor.agent.AgentConfig;
import io.mantis.executor.agent.EmbeddedAgent;
import io.mantis.master.Master;
import io.mantis.master.MasterConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master and its embedded agents in this process: what {@code mantis up} runs. Closing stops the agents
 * first (each kills the workers it started), then the master; nothing else.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

    private final Master master;
    private final List<EmbeddedAgent> agents;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalCluster(Master master, List<EmbeddedAgent> agents) {
        this.master = master;
        this.agents = agents;
    }

    /**
     * Starts the master, then one agent per config of {@code plan}, pointed at the master. If anything fails to
     * start, what did start is stopped before the failure is rethrown.
     */
    public static LocalCluster start(MasterConfig masterConfig, AgentPlan plan, Path dataDir) {
        Master master = Master.start(masterConfig);
        List<EmbeddedAgent> agents = new ArrayList<>();
        try {
            for (AgentConfig config : plan.configs(master.url().toString(), dataDir, masterConfig.apiToken())) {
                agents.add(EmbeddedAgent.start(config));
            }
        } catch (RuntimeException | Error e) {
            new LocalCluster(master, agents).close();
            throw e;
        }
        return new LocalCluster(master, List.copyOf(agents));
    }

    /** Only the master, whose workers run elsewhere (on Mesos): what {@code mantis up --mesos} runs. */
    public static LocalCluster masterOnly(MasterConfig masterConfig) {
        return new LocalCluster(Master.start(masterConfig), List.of());
    }

    public URI url() {
        return master.url();
    }

    public String zookeeper() {
        return master.zookeeper();
    }

    /** Agents (killing their workers), newest first, then the master. Idempotent; errors are logged. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (int i = agents.size() - 1; i >= 0; i--) {
            try {
                agents.get(i).close();
            } catch (RuntimeException e) {
                LOG.warn("stopping an agent failed; its workers may still run", e);
            }
        }
        master.close();
    }
}
