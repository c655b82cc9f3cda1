package io.mantis.cli.info;

import static io.mantis.cli.CannedViews.artifact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.cli.CliRun;
import io.mantis.cli.FakeMaster;
import io.mantis.cli.client.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandsTest {

    private static final String AGENTS = """
            [{"agentId":"perpetual-1","hostname":"127.0.0.1","pool":"perpetual","state":"active",
              "isolation":"cgroup v2","total":{"cpus":4,"memoryMB":8192,"networkMbps":1000,"diskMB":20480,
              "portsBegin":31000,"portsEnd":31999},"cpusUsed":1.5,"memoryUsedMB":1024,"networkUsedMbps":20,
              "workers":["sine-1-1-0-1","sine-1-2-0-1"],"lastHeartbeatAt":1700000000000},
             {"agentId":"transient-1","hostname":"127.0.0.1","pool":"transient","state":"draining",
              "isolation":"none (no cgroup access)","total":{"cpus":4,"memoryMB":8192,"networkMbps":1000,
              "diskMB":20480,"portsBegin":33000,"portsEnd":33999},"cpusUsed":0,"memoryUsedMB":0,
              "networkUsedMbps":0,"workers":[],"lastHeartbeatAt":1700000000000}]""";

    @TempDir
    Path home;

    private FakeMaster master;

    @BeforeEach
    void start() throws IOException {
        master = new FakeMaster();
    }

    @AfterEach
    void stop() {
        master.close();
    }

    @Test
    void agentsTableShowsPoolStateAndUsedAndFreeResources() {
        master.on("GET /agents", 200, AGENTS);

        CliRun.Result r = CliRun.against(master, home, "agents");

        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(
                "AGENT        HOST       POOL       STATE     CPUS USED/FREE  MEMORY MB USED/FREE  WORKERS  ISOLATION",
                "perpetual-1  127.0.0.1  perpetual  active    1.5/2.5         1024/7168            2        cgroup v2",
                "transient-1  127.0.0.1  transient  draining  0/4             0/8192               0        "
                        + "none (no cgroup access)"),
                r.outLines());
    }

    @Test
    void jsonPrintsTheMastersDocument() throws IOException {
        master.on("GET /agents", 200, AGENTS);

        CliRun.Result r = CliRun.against(master, home, "agents", "--json");

        assertEquals(0, r.code(), r.err());
        assertEquals(Json.MAPPER.readTree(AGENTS), Json.MAPPER.readTree(r.out()));
    }

    private static final String POOLS = """
            [{"pool":"perpetual","rule":null,"agents":{"active":2,"idle":0,"draining":0,"released":0,"lost":0},
              "requested":0},
             {"pool":"transient","rule":{"minIdle":1,"maxIdle":1,"coolDownSeconds":30,"minSize":1,"maxSize":4},
              "agents":{"active":1,"idle":1,"draining":1,"released":2,"lost":0},"requested":1}]""";

    private static final String EVENTS = """
            [{"time":1700000000000,"pool":"transient","action":"scale_up","agentIds":[],"count":2,
              "reason":"2 workers cannot be placed"},
             {"time":1700000030000,"pool":"transient","action":"release","agentIds":["transient-2","transient-3"],
              "count":2,"reason":"idle beyond max idle 1"}]""";

    @Test
    void poolsShowEachRuleOrFixedAndAgentsByState() {
        master.on("GET /pools", 200, POOLS);

        CliRun.Result r = CliRun.against(master, home, "pools");

        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(
                "POOL       RULE                                 ACTIVE  IDLE  DRAINING  RELEASED  LOST  REQUESTED",
                "perpetual  fixed                                2       0     0         0         0     0",
                "transient  1-4 agents, idle 1-1, cool-down 30s  1       1     1         2         0     1"),
                r.outLines());
    }

    @Test
    void poolEventsListEveryScaleActionWithItsAgents() {
        master.on("GET /pools/events", 200, EVENTS);

        CliRun.Result r = CliRun.against(master, home, "pools", "events");

        assertEquals(0, r.code(), r.err());
        List<String> lines = r.outLines();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(0).matches("TIME +POOL +ACTION +COUNT +AGENTS +REASON"), lines.get(0));
        assertTrue(lines.get(1).matches("\\S+ \\S+ +transient +scale_up +2 +- +2 workers cannot be placed"),
                lines.get(1));
        assertTrue(lines.get(2).matches("\\S+ \\S+ +transient +release +2 +transient-2,transient-3 +idle beyond "
                + "max idle 1"), lines.get(2));
    }

    @Test
    void poolsJsonIsTheMastersDocument() throws IOException {
        master.on("GET /pools/events", 200, EVENTS);

        CliRun.Result r = CliRun.against(master, home, "pools", "events", "--json");

        assertEquals(0, r.code(), r.err());
        assertEquals(Json.MAPPER.readTree(EVENTS), Json.MAPPER.readTree(r.out()));
    }

    @Test
    void artifactsListsStoredJars() {
        master.on("GET /artifacts", 200, "[" + artifact("sine.jar") + "]");

        CliRun.Result r = CliRun.against(master, home, "artifacts");

        assertEquals(0, r.code(), r.err());
        String row = r.outLines().get(1);
        assertTrue(row.startsWith("ab12cd34ef56  sine.jar  2 KiB  sine  2       "), row);
    }
}
