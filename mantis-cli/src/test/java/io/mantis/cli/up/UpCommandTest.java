package io.mantis.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.cli.CliException;
import io.mantis.cli.CliRun;
import io.mantis.executor.agent.AgentConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpCommandTest {

    @TempDir
    Path home;

    @Test
    void portInUseIsAClearErrorWithExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            CliRun.Result r = CliRun.run(home, Map.of(), "up", "--port", Integer.toString(port));

            assertEquals(1, r.code());
            assertEquals("error: port " + port + " on 127.0.0.1 is in use: is `mantis up` already running? "
                    + "Stop it, or pick another port with --port\n", r.err());
        }
    }

    @Test
    void aScalerWithoutMesosIsRejectedSayingItIsForMesos() {
        CliRun.Result r = CliRun.run(home, Map.of(), "up", "--port", "0", "--scaler-command", "true");

        assertEquals(1, r.code());
        assertEquals("error: --scaler-command applies to --mesos only: local agents are started and stopped by "
                + "mantis up itself\n", r.err());
    }

    @Test
    void aScalerUrlThatIsNoHttpUrlIsRejectedNamingTheFlag() {
        CliRun.Result r = CliRun.run(home, Map.of(), "up", "--port", "0", "--mesos", "http://127.0.0.1:1",
                "--scaler-url", "ftp://host/x");

        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: --scaler-url: scaler URL 'ftp://host/x' is not an http://"), r.err());
    }

    @Test
    void noAgentsIsRejected() {
        CliRun.Result r = CliRun.run(home, Map.of(), "up", "--port", "0", "--perpetual-agents", "0",
                "--transient-agents", "0");

        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: no agents: jobs need somewhere to run"), r.err());
    }

    @Test
    void agentsGetDistinctIdsPoolsDisjointPortRangesAndTheirOwnDirectories() {
        Path data = home.resolve("data");
        List<AgentConfig> configs = new AgentPlan(2, 1, 4, 8192, 1000, 20480)
                .configs("http://127.0.0.1:8100", data, "t");

        assertEquals(List.of("perpetual-1", "perpetual-2", "transient-1"),
                configs.stream().map(AgentConfig::agentId).toList());
        assertEquals(List.of("perpetual", "perpetual", "transient"), configs.stream().map(AgentConfig::pool).toList());
        assertEquals(List.of(31000, 31100, 31200), configs.stream().map(AgentConfig::portsBegin).toList());
        assertEquals(List.of(31099, 31199, 31299), configs.stream().map(AgentConfig::portsEnd).toList());
        AgentConfig t = configs.get(2);
        assertEquals(data.resolve("agents/transient-1"), t.workDir());
        assertEquals("mantis/transient-1", t.cgroupParent());
        assertEquals("http://127.0.0.1:8100", t.masterUrl());
        assertEquals("t", t.apiToken());
        assertEquals(4, t.cpus());
        assertEquals(8192, t.memoryMB());
    }

    @Test
    void tooManyAgentsForThePortSpaceAreRejected() {
        CliException e = assertThrows(CliException.class, () -> new AgentPlan(300, 100, 1, 1, 1, 1));
        assertTrue(e.getMessage().contains("start at most " + AgentPlan.MAX_AGENTS), e.getMessage());
        assertEquals(65499, new AgentPlan(AgentPlan.MAX_AGENTS, 0, 1, 1, 1, 1)
                .configs("http://x:1", home, null).get(AgentPlan.MAX_AGENTS - 1).portsEnd());
    }
}
