package io.mantis.master;

import io.mantis.master.pools.PoolRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run a master.
 *
 * @param bindHost         address of the REST API (loopback by default)
 * @param port             REST API port; 0 picks a free one
 * @param dataDir          artifacts, and the embedded ZooKeeper's data
 * @param zookeeper        {@code host:port,...} of an external ensemble; null runs ZooKeeper embedded
 * @param zookeeperPort    port of the embedded ZooKeeper; 0 picks a free one
 * @param apiToken         required on mutating calls when not null
 * @param agentTimeout     an agent silent this long is lost
 * @param workerTimeout    a worker without heartbeats this long is replaced
 * @param maxArtifactBytes larger uploads get 413
 * @param pools            one autoscale rule per agent pool; empty: pools never scale
 */
public record MasterConfig(String bindHost, int port, Path dataDir, String zookeeper, int zookeeperPort,
                           String apiToken, Duration agentTimeout, Duration workerTimeout, long maxArtifactBytes,
                           List<PoolRule> pools) {

    public MasterConfig {
        pools = List.copyOf(Objects.requireNonNull(pools, "pools is null"));
    }

    /** Without pool rules: pools never scale. */
    public MasterConfig(String bindHost, int port, Path dataDir, String zookeeper, int zookeeperPort, String apiToken,
                        Duration agentTimeout, Duration workerTimeout, long maxArtifactBytes) {
        this(bindHost, port, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout, workerTimeout,
                maxArtifactBytes, List.of());
    }

    public static MasterConfig defaults(Path dataDir) {
        return new MasterConfig("127.0.0.1", 8100, dataDir, null, 0, null, Duration.ofSeconds(10),
                Duration.ofSeconds(10), 256L << 20);
    }

    public MasterConfig withPort(int newPort) {
        return new MasterConfig(bindHost, newPort, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, maxArtifactBytes, pools);
    }

    public MasterConfig withZookeeper(String connect) {
        return new MasterConfig(bindHost, port, dataDir, connect, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, maxArtifactBytes, pools);
    }

    public MasterConfig withApiToken(String token) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, token, agentTimeout,
                workerTimeout, maxArtifactBytes, pools);
    }

    public MasterConfig withMaxArtifactBytes(long bytes) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, bytes, pools);
    }

    public MasterConfig withTimeouts(Duration agent, Duration worker) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, apiToken, agent, worker,
                maxArtifactBytes, pools);
    }

    /** One autoscale rule per pool (at most one per pool; checked when the scheduler is built). */
    public MasterConfig withPools(List<PoolRule> rules) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, maxArtifactBytes, rules);
    }
}
