package io.mantis.cli.cluster;

import static io.mantis.cli.CannedViews.SHA;
import static io.mantis.cli.CannedViews.artifact;
import static io.mantis.cli.CannedViews.cluster;
import static io.mantis.cli.CannedViews.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliRun;
import io.mantis.cli.FakeMaster;
import io.mantis.cli.client.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCommandTest {

    @TempDir
    Path home;

    private FakeMaster master;

    @BeforeEach
    void start() throws IOException {
        master = new FakeMaster();
        master.on("GET /artifacts", 200, "[" + artifact("sine.jar") + "]");
    }

    @AfterEach
    void stop() {
        master.close();
    }

    private JsonNode body(int request) throws IOException {
        return Json.MAPPER.readTree(master.requests().get(request).body());
    }

    @Test
    void createWithAShaPrefixMergesWorkersIntoTheJarsLayout() throws IOException {
        master.on("POST /clusters", 201, cluster("sine"));

        CliRun.Result r = CliRun.against(master, home, "cluster", "create", "sine", "--artifact", "ab12cd34",
                "--workers", "2=5", "--param", "rate=9", "--sla-min", "1", "--cron", "*/5 * * * *", "--transient");

        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("GET /artifacts", "GET /artifacts", "POST /clusters"), master.routes());
        JsonNode spec = body(2);
        assertEquals("sine", spec.get("name").asText());
        assertEquals(SHA, spec.get("artifact").asText());
        assertEquals(1, spec.get("stages").get(0).get("workers").asInt(), "stage 1 keeps the JAR's count");
        assertEquals(5, spec.get("stages").get(1).get("workers").asInt());
        assertEquals("9", spec.get("parameters").get("rate").asText());
        assertEquals(1, spec.get("sla").get("min").asInt());
        assertEquals(1, spec.get("sla").get("max").asInt());
        assertEquals("*/5 * * * *", spec.get("sla").get("cron").asText());
        assertEquals("TRANSIENT", spec.get("durationType").asText());
        assertTrue(r.out().contains("active jobs  sine-1"), r.out());
    }

    @Test
    void createFromAJarFileUploadsItFirst() throws IOException {
        Path jar = Files.write(home.resolve("sine.jar"), new byte[] {'P', 'K', 3, 4});
        master.on("POST /artifacts?name=sine.jar", 201, artifact("sine.jar"))
                .on("POST /clusters", 201, cluster("sine"));

        CliRun.Result r = CliRun.against(master, home, "cluster", "create", "sine", "--artifact", jar.toString());

        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("POST /artifacts?name=sine.jar", "POST /clusters"), master.routes());
        assertEquals(SHA, body(1).get("artifact").asText());
        assertTrue(body(1).get("stages").isNull(), "no --workers: the JAR's layout");
    }

    @Test
    void workersBeyondTheLastStageAreRejectedNamingTheStageCount() {
        CliRun.Result r = CliRun.against(master, home, "cluster", "create", "sine", "--artifact", SHA,
                "--workers", "3=1");

        assertEquals(1, r.code());
        assertEquals("error: --workers 3=1: the job has 2 stages; number stages from 1 to 2\n", r.err());
    }

    @Test
    void updateSendsOnlyWhatChangedOnTopOfTheCurrentCluster() throws IOException {
        master.on("GET /clusters/sine", 200, cluster("sine"))
                .on("PUT /clusters/sine", 200, cluster("sine"));

        CliRun.Result r = CliRun.against(master, home, "cluster", "update", "sine", "--workers", "1=3",
                "--sla-max", "4", "--json");

        assertEquals(0, r.code(), r.err());
        JsonNode spec = body(1);
        assertTrue(spec.get("artifact").isNull());
        assertTrue(spec.get("parameters").isNull());
        assertEquals(3, spec.get("stages").get(0).get("workers").asInt());
        assertEquals(2, spec.get("stages").get(1).get("workers").asInt(), "stage 2 keeps the cluster's count");
        assertEquals(0, spec.get("sla").get("min").asInt());
        assertEquals(4, spec.get("sla").get("max").asInt());
        assertEquals("sine", Json.MAPPER.readTree(r.out()).get("name").asText());
    }

    @Test
    void listShowsOneRowPerCluster() {
        master.on("GET /clusters", 200, "[" + cluster("sine") + "," + cluster("words") + "]");

        CliRun.Result r = CliRun.against(master, home, "cluster", "list");

        assertEquals(0, r.code(), r.err());
        List<String> lines = r.outLines();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("NAME   ARTIFACT      TYPE       WORKERS  SLA"), r.out());
        assertTrue(lines.get(1).startsWith("sine   ab12cd34ef56  PERPETUAL  1,2      min 0 max 1  1"), r.out());
    }

    @Test
    void deleteWithActiveJobsReportsTheConflict() {
        master.on("DELETE /clusters/sine", 409, error("conflict", "cluster sine has active jobs: sine-1"));

        CliRun.Result r = CliRun.against(master, home, "cluster", "delete", "sine");

        assertEquals(1, r.code());
        assertEquals("error: cluster sine has active jobs: sine-1\n", r.err());
    }
}
