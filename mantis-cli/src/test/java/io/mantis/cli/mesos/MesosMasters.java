package io.mantis.cli.mesos;

import io.mantis.master.MasterConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * A master configuration that runs on Mesos. {@code MasterConfig.withMesos} and {@code withExecutorJar} come with
 * the master's Mesos provider; until a build has them, the Mesos integration tests are skipped rather than failing
 * to compile. (Once they are in every build, call them directly and delete this indirection.)
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
        MasterConfig base = MasterConfig.defaults(dataDir).withPort(0)
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10));
        Method withMesos;
        Method withExecutorJar;
        try {
            withMesos = MasterConfig.class.getMethod("withMesos", String.class);
            withExecutorJar = MasterConfig.class.getMethod("withExecutorJar", Path.class);
        } catch (NoSuchMethodException e) {
            Assumptions.abort("this build's MasterConfig cannot run on Mesos yet (no withMesos/withExecutorJar)");
            throw new AssertionError("unreachable");
        }
        Path jar = executorJar();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("executor JAR " + jar + " is missing: run the package phase of"
                    + " mantis-worker-executor first (mvn -pl mantis-cli -am verify does)");
        }
        try {
            return (MasterConfig) withExecutorJar.invoke(withMesos.invoke(base, mesos), jar);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("could not configure the master for Mesos " + mesos + ": " + e, e);
        }
    }
}
