package io.mantis.cli.it;

import io.mantis.executor.agent.AgentConfig;
import io.mantis.executor.agent.EmbeddedAgent;
import io.mantis.master.Master;
import io.mantis.master.MasterConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real embedded cluster for tests: a master with its embedded ZooKeeper, and agents that start workers as child
 * JVMs. The master can be restarted on the same data directory and port while agents and workers keep running.
 */
final class EmbeddedCluster implements AutoCloseable {

    static final long MAX_ARTIFACT_BYTES = 8L << 20;

    private final Path dir;
    private final String token;
    private MasterConfig config;
    private Master master;
    private final List<EmbeddedAgent> agents = new ArrayList<>();

    private EmbeddedCluster(Path dir, String token) {
        this.dir = dir;
        this.token = token;
    }

    static EmbeddedCluster start(Path dir, int perpetualAgents, int transientAgents, double cpus, double memoryMB,
                                 String token) {
        EmbeddedCluster cluster = new EmbeddedCluster(dir, token);
        cluster.config = MasterConfig.defaults(dir.resolve("master")).withPort(0).withApiToken(token)
                .withTimeouts(Duration.ofSeconds(4), Duration.ofSeconds(5)).withMaxArtifactBytes(MAX_ARTIFACT_BYTES);
        cluster.master = Master.start(cluster.config);
        cluster.config = cluster.config.withPort(cluster.master.url().getPort());
        int n = 0;
        for (int i = 1; i <= perpetualAgents; i++) {
            cluster.addAgent("perpetual-" + i, "perpetual", cpus, memoryMB, n++);
        }
        for (int i = 1; i <= transientAgents; i++) {
            cluster.addAgent("transient-" + i, "transient", cpus, memoryMB, n++);
        }
        return cluster;
    }

    EmbeddedAgent addAgent(String id, String pool, double cpus, double memoryMB, int slot) {
        int ports = 21000 + 200 * slot;
        EmbeddedAgent agent = EmbeddedAgent.start(new AgentConfig(id, master.url().toString(), pool, cpus, memoryMB,
                1000, 100_000, ports, ports + 199, dir.resolve("agents").resolve(id), token, "mantis-it/" + id));
        agents.add(agent);
        return agent;
    }

    URI url() {
        return master.url();
    }

    Api api() {
        return new Api(master.url(), token);
    }

    /** Stops the master only; agents and their workers keep running and wait for the next master. */
    void stopMaster() {
        master.close();
    }

    void startMaster() {
        master = Master.start(config);
    }

    List<EmbeddedAgent> agents() {
        return agents;
    }

    @Override
    public void close() {
        for (EmbeddedAgent agent : agents) {
            agent.close();
        }
        if (master != null) {
            master.close();
        }
    }
}
