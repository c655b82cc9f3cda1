package io.mantis.cli.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.master.Master;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end scenario against a real Mesos 1.11+ master and its agents, named by {@code -Dmesos.master}
 * ({@code host:port}, an {@code http://} URL or {@code zk://host:2181/mesos}). Runs only in the {@code mesos-it}
 * profile and is skipped without {@code mesos.master}. The master under test binds 127.0.0.1, so the Mesos agents
 * must run on this machine and have the attribute {@code pool:perpetual}; see docs/mesos.md.
 */
class RealMesosIT {

    @TempDir
    Path dir;

    @Test
    void sineWaveRunsOnRealMesosAndIsKilled() throws Exception {
        String target = System.getProperty("mesos.master", "").trim();
        Assumptions.assumeFalse(target.isEmpty() || target.startsWith("${"),
                "no Mesos master configured: run with -Pmesos-it -Dmesos.master=host:5050");
        String url = target.contains("://") ? target : "http://" + target;
        try (Master master = Master.start(MesosMasters.config(dir.resolve("master"), url))) {
            MantisRest api = new MantisRest(master.url());
            JsonNode job = MesosScenario.submitAndStream(api, api.upload("sine-wave"), "real-mesos");
            MesosScenario.killAndAwaitEnd(api, job.path("id").asText());
        }
    }
}
