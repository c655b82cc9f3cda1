package io.mantis.master;

import io.mantis.master.pools.PoolRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run a master.
 *
 * @param bindHost         address of the REST API (loopback by default); also the address agents, Mesos's fetcher
 *                         and workers use to reach the master, so on a cluster it must be one they can reach
 * @param port             REST API port; 0 picks a free one
 * @param dataDir          artifacts, and the embedded ZooKeeper's data
 * @param zookeeper        {@code host:port,...} of an external ensemble; null runs ZooKeeper embedded
 * @param zookeeperPort    port of the embedded ZooKeeper; 0 picks a free one
 * @param apiToken         required on mutating calls when not null
 * @param agentTimeout     an agent silent this long is lost
 * @param workerTimeout    a worker without heartbeats this long is replaced
 * @param maxArtifactBytes larger uploads get 413
 * @param mesos            {@code http://host:5050[,...]} or {@code zk://host:2181/mesos} to run workers on Mesos;
 *                         null runs them on embedded agents
 * @param executorJar      the Mesos executor's JAR, served at {@code GET /api/v1/executor/mantis-executor.jar};
 *                         null when there is none
 * @param pools            one autoscale rule per agent pool; empty: pools never scale
 * @param scalerCommand    on Mesos, a shell command that releases and adds agents (see docs/mesos.md); null: none
 * @param scalerUrl        on Mesos, an HTTP endpoint that does the same, given JSON; null: none
 */
public record MasterConfig(String bindHost, int port, Path dataDir, String zookeeper, int zookeeperPort,
                           String apiToken, Duration agentTimeout, Duration workerTimeout, long maxArtifactBytes,
                           String mesos, Path executorJar, List<PoolRule> pools, String scalerCommand,
                           String scalerUrl) {

    public MasterConfig {
        pools = List.copyOf(Objects.requireNonNull(pools, "pools is null"));
        if (scalerCommand != null && scalerUrl != null) {
            throw new IllegalArgumentException("both a scaler command and a scaler URL are given: give one of them");
        }
    }

    public static MasterConfig defaults(Path dataDir) {
        return new MasterConfig("127.0.0.1", 8100, dataDir, null, 0, null, Duration.ofSeconds(10),
                Duration.ofSeconds(10), 256L << 20, null, null, List.of(), null, null);
    }

    public MasterConfig withBindHost(String host) {
        return new MasterConfig(host, port, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout, workerTimeout,
                maxArtifactBytes, mesos, executorJar, pools, scalerCommand, scalerUrl);
    }

    public MasterConfig withPort(int newPort) {
        return new MasterConfig(bindHost, newPort, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, maxArtifactBytes, mesos, executorJar, pools, scalerCommand, scalerUrl);
    }

    public MasterConfig withZookeeper(String connect) {
        return new MasterConfig(bindHost, port, dataDir, connect, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, maxArtifactBytes, mesos, executorJar, pools, scalerCommand, scalerUrl);
    }

    public MasterConfig withApiToken(String token) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, token, agentTimeout,
                workerTimeout, maxArtifactBytes, mesos, executorJar, pools, scalerCommand, scalerUrl);
    }

    public MasterConfig withMaxArtifactBytes(long bytes) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, bytes, mesos, executorJar, pools, scalerCommand, scalerUrl);
    }

    public MasterConfig withTimeouts(Duration agent, Duration worker) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, apiToken, agent, worker,
                maxArtifactBytes, mesos, executorJar, pools, scalerCommand, scalerUrl);
    }

    public MasterConfig withMesos(String master) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, maxArtifactBytes, master, executorJar, pools, scalerCommand, scalerUrl);
    }

    public MasterConfig withExecutorJar(Path jar) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, maxArtifactBytes, mesos, jar, pools, scalerCommand, scalerUrl);
    }

    /** One autoscale rule per pool (at most one per pool; checked when the scheduler is built). */
    public MasterConfig withPools(List<PoolRule> rules) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, maxArtifactBytes, mesos, executorJar, rules, scalerCommand, scalerUrl);
    }

    /** On Mesos, release and add agents by running {@code command} through {@code sh -c}; null for none. */
    public MasterConfig withScalerCommand(String command) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, maxArtifactBytes, mesos, executorJar, pools, command, scalerUrl);
    }

    /** On Mesos, release and add agents by posting JSON to {@code url}; null for none. */
    public MasterConfig withScalerUrl(String url) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, maxArtifactBytes, mesos, executorJar, pools, scalerCommand, url);
    }
}
