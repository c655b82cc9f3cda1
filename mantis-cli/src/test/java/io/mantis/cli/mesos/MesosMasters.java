package io.mantis.cli.mesos;

import io.mantis.master.MasterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A master configuration that runs on Mesos, serving the executor JAR built by mantis-worker-executor.
 */
final class MesosMasters {

    private MesosMasters() {
    }

    /** The executor JAR the master serves to Mesos agents, built by mantis-worker-executor's package phase. */
    static Path executorJar() {
        return Path.of("../mantis-worker-executor/target/mantis-worker-executor-"
                + System.getProperty("examples.version", "0.1.0-SNAPSHOT") + "-all.jar").toAbsolutePath().normalize();
    }

    static MasterConfig config(Path dataDir, String mesos) {
        Path jar = executorJar();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("executor JAR " + jar + " is missing: run the package phase of"
                    + " mantis-worker-executor first (mvn -pl mantis-cli -am verify does)");
        }
        return MasterConfig.defaults(dataDir).withPort(0).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10))
                .withMesos(mesos).withExecutorJar(jar);
    }
}
