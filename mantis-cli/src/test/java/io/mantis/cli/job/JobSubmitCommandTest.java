package io.mantis.cli.job;

import static io.mantis.cli.CannedViews.SHA;
import static io.mantis.cli.CannedViews.artifact;
import static io.mantis.cli.CannedViews.cluster;
import static io.mantis.cli.CannedViews.error;
import static io.mantis.cli.CannedViews.job;
import static io.mantis.cli.CannedViews.worker;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSubmitCommandTest {

    @TempDir
    Path home;

    private FakeMaster master;
    private Path jar;
    private final byte[] jarBytes = {'P', 'K', 3, 4, 1, 2, 3};

    @BeforeEach
    void start() throws IOException {
        master = new FakeMaster();
        jar = Files.write(home.resolve("sine.jar"), jarBytes);
        master.on("POST /artifacts?name=sine.jar", 201, artifact("sine.jar"));
    }

    @AfterEach
    void stop() {
        master.close();
    }

    private static String w(int stage, int i, String state) {
        return worker("sine-1-" + stage + "-" + i + "-1", stage, state, 31001 + 3 * i, null);
    }

    @Test
    void quickSubmitUploadsThenSubmitsAndReportsProgressUntilAllStarted() throws IOException {
        master.on("POST /jobs", 201, job("sine-1", "ACCEPTED", null))
                .on("GET /jobs/sine-1", 200,
                        job("sine-1", "LAUNCHED", null, w(1, 0, "LAUNCHED"), w(2, 0, "LAUNCHED"), w(2, 1, "LAUNCHED")),
                        job("sine-1", "LAUNCHED", null, w(1, 0, "STARTED"), w(2, 0, "LAUNCHED"), w(2, 1, "LAUNCHED")),
                        job("sine-1", "LAUNCHED", null, w(1, 0, "STARTED"), w(2, 0, "LAUNCHED"), w(2, 1, "LAUNCHED")),
                        job("sine-1", "RUNNING", null, w(1, 0, "STARTED"), w(2, 0, "STARTED"), w(2, 1, "STARTED")));

        CliRun.Result r = CliRun.against(master, home, "job", "submit", jar.toString(),
                "--param", "rate=5", "--param", "filter=a=b", "--workers", "2=2", "--transient");

        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("0/3 workers started", "1/3 workers started", "3/3 workers started"),
                r.outLines().stream().filter(l -> l.endsWith("workers started")).toList(), r.out());
        assertEquals("sine-1", r.lastLine());
        assertTrue(r.out().startsWith("uploaded sine.jar (2 KiB, sha256 ab12cd34ef56)"), r.out());

        List<FakeMaster.Request> requests = master.requests();
        assertEquals("POST /artifacts?name=sine.jar", requests.get(0).route());
        assertArrayEquals(jarBytes, requests.get(0).body());
        assertEquals("POST /jobs", requests.get(1).route());
        JsonNode submit = Json.MAPPER.readTree(requests.get(1).body());
        assertEquals(SHA, submit.get("artifact").asText());
        assertEquals("5", submit.get("parameters").get("rate").asText());
        assertEquals("a=b", submit.get("parameters").get("filter").asText());
        assertEquals(2, submit.get("workers").get("2").asInt());
        assertEquals("TRANSIENT", submit.get("durationType").asText());
        assertTrue(submit.get("name").isNull());
        assertTrue(submit.get("subscriptionTimeoutSeconds").isNull(), "left to the cluster: " + submit);
    }

    @Test
    void transientOptionsSendTheTimeoutAndLimitInSeconds() throws IOException {
        master.on("POST /jobs", 201, job("sine-1", "ACCEPTED", null));

        CliRun.Result r = CliRun.against(master, home, "job", "submit", jar.toString(), "--transient",
                "--subscription-timeout", "30s", "--runtime-limit", "10m", "--no-wait");

        assertEquals(0, r.code(), r.err());
        JsonNode submit = Json.MAPPER.readTree(master.requests().get(1).body());
        assertEquals("TRANSIENT", submit.get("durationType").asText());
        assertEquals(30, submit.get("subscriptionTimeoutSeconds").asLong());
        assertEquals(600, submit.get("runtimeLimitSeconds").asLong());
    }

    @Test
    void aTimeoutInFractionsOfASecondIsRefusedBeforeSubmitting() {
        CliRun.Result r = CliRun.against(master, home, "job", "submit", jar.toString(), "--transient",
                "--subscription-timeout", "1500ms");

        assertTrue(r.code() != 0);
        assertTrue(r.err().contains("--subscription-timeout 1500ms: give whole seconds"), r.err());
        assertTrue(master.requests().stream().noneMatch(q -> q.route().startsWith("POST /jobs")), "nothing submitted");
    }

    @Test
    void clusterThatDoesNotExistIsCreatedFromTheJarThenSubmittedTo() throws IOException {
        master.on("POST /clusters", 201, cluster("sine"))
                .on("POST /clusters/sine/jobs", 201, job("sine-1", "ACCEPTED", null));

        CliRun.Result r = CliRun.against(master, home, "job", "submit", jar.toString(), "--cluster", "sine",
                "--no-wait");

        assertEquals(0, r.code(), r.err());
        assertEquals("sine-1", r.lastLine());
        assertEquals(List.of("POST /artifacts?name=sine.jar", "GET /clusters/sine", "POST /clusters",
                "POST /clusters/sine/jobs"), master.routes());
        JsonNode create = Json.MAPPER.readTree(master.requests().get(2).body());
        assertEquals("sine", create.get("name").asText());
        assertEquals(SHA, create.get("artifact").asText());
    }

    @Test
    void existingClusterGetsTheJarAsItsCurrentArtifact() throws IOException {
        master.on("GET /clusters/sine", 200, cluster("sine"))
                .on("PUT /clusters/sine", 200, cluster("sine"))
                .on("POST /clusters/sine/jobs", 201, job("sine-2", "ACCEPTED", null));

        CliRun.Result r = CliRun.against(master, home, "job", "submit", jar.toString(), "--cluster", "sine",
                "--no-wait");

        assertEquals(0, r.code(), r.err());
        assertEquals("sine-2", r.lastLine());
        assertEquals(List.of("POST /artifacts?name=sine.jar", "GET /clusters/sine", "PUT /clusters/sine",
                "POST /clusters/sine/jobs"), master.routes());
        JsonNode update = Json.MAPPER.readTree(master.requests().get(2).body());
        assertEquals(SHA, update.get("artifact").asText());
        assertTrue(update.get("stages").isNull(), "an update must leave the layout alone");
    }

    @Test
    void jobThatEndsWhileWaitingPrintsItsReasonAndExitsOne() {
        master.on("POST /jobs", 201, job("sine-1", "ACCEPTED", null))
                .on("GET /jobs/sine-1", 200, job("sine-1", "LAUNCHED", null, w(1, 0, "LAUNCHED")),
                        job("sine-1", "FAILED", "worker sine-1-1-0-3 failed 5 times: exit code 1"));

        CliRun.Result r = CliRun.against(master, home, "job", "submit", jar.toString());

        assertEquals(1, r.code());
        assertEquals("error: job sine-1 ended FAILED: worker sine-1-1-0-3 failed 5 times: exit code 1\n", r.err());
    }

    @Test
    void waitGivesUpAtTheTimeoutSayingHowFarItGot() {
        master.on("POST /jobs", 201, job("sine-1", "ACCEPTED", null))
                .on("GET /jobs/sine-1", 200, job("sine-1", "LAUNCHED", null, w(1, 0, "STARTED")));

        CliRun.Result r = CliRun.against(master, home, "job", "submit", jar.toString(), "--wait-timeout", "300ms");

        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: job sine-1: 1/3 workers started after 300ms; see `mantis job status sine-1`"), r.err());
    }

    @Test
    void tokenFromTheConfigFileIsSentAsBearer() throws IOException {
        Files.createDirectories(home.resolve(".mantis"));
        Files.writeString(home.resolve(".mantis/config"), "master=" + master.url() + "\ntoken=s3cret\n");
        master.on("POST /jobs", 201, job("sine-1", "ACCEPTED", null));

        CliRun.Result r = CliRun.run(home, Map.of(), "job", "submit", jar.toString(), "--no-wait");

        assertEquals(0, r.code(), r.err());
        master.requests().forEach(req -> assertEquals("Bearer s3cret", req.authorization(), req.route()));
    }

    @Test
    void jsonPrintsTheJobViewAndSendsProgressToStandardError() throws IOException {
        master.on("POST /jobs", 201, job("sine-1", "ACCEPTED", null))
                .on("GET /jobs/sine-1", 200,
                        job("sine-1", "RUNNING", null, w(1, 0, "STARTED"), w(2, 0, "STARTED"), w(2, 1, "STARTED")));

        CliRun.Result r = CliRun.against(master, home, "job", "submit", jar.toString(), "--json");

        assertEquals(0, r.code(), r.err());
        JsonNode printed = Json.MAPPER.readTree(r.out());
        assertEquals("sine-1", printed.get("id").asText());
        assertEquals(3, printed.get("workers").size());
        assertTrue(r.err().contains("3/3 workers started"), r.err());
    }

    @Test
    void rejectedUploadIsReportedWithTheMastersMessage() {
        master.on("POST /artifacts?name=bad.jar", 400,
                error("bad_request", "bad.jar has no META-INF/services/io.mantis.sdk.JobProvider entry"));
        Path bad = home.resolve("bad.jar");
        CliRun.Result r;
        try {
            Files.write(bad, jarBytes);
            r = CliRun.against(master, home, "job", "submit", bad.toString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(1, r.code());
        assertEquals("error: bad.jar has no META-INF/services/io.mantis.sdk.JobProvider entry\n", r.err());
        assertEquals(1, master.requests().size());
    }
}
