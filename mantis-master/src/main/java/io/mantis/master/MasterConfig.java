package io.mantis.master;

import java.nio.file.Path;
import java.time.Duration;

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
 * @param mesos            {@code http://host:5050[,...]} or {@code zk://host:2181/mesos} to run workers on Mesos;
 *                         null runs them on embedded agents
 * @param executorJar      the Mesos executor's JAR, served at {@code GET /api/v1/executor/mantis-executor.jar};
 *                         null when there is none
 */
public record MasterConfig(String bindHost, int port, Path dataDir, String zookeeper, int zookeeperPort,
                           String apiToken, Duration agentTimeout, Duration workerTimeout, long maxArtifactBytes,
                           String mesos, Path executorJar) {

    public static MasterConfig defaults(Path dataDir) {
        return new MasterConfig("127.0.0.1", 8100, dataDir, null, 0, null, Duration.ofSeconds(10),
                Duration.ofSeconds(10), 256L << 20, null, null);
    }

    public MasterConfig withPort(int newPort) {
        return new MasterConfig(bindHost, newPort, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, maxArtifactBytes, mesos, executorJar);
    }

    public MasterConfig withZookeeper(String connect) {
        return new MasterConfig(bindHost, port, dataDir, connect, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, maxArtifactBytes, mesos, executorJar);
    }

    public MasterConfig withApiToken(String token) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, token, agentTimeout,
                workerTimeout, maxArtifactBytes, mesos, executorJar);
    }

    public MasterConfig withMaxArtifactBytes(long bytes) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, bytes, mesos, executorJar);
    }

    public MasterConfig withTimeouts(Duration agent, Duration worker) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, apiToken, agent, worker,
                maxArtifactBytes, mesos, executorJar);
    }

    public MasterConfig withMesos(String master) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, maxArtifactBytes, master, executorJar);
    }

    public MasterConfig withExecutorJar(Path jar) {
        return new MasterConfig(bindHost, port, dataDir, zookeeper, zookeeperPort, apiToken, agentTimeout,
                workerTimeout, maxArtifactBytes, mesos, jar);
    }
}
