package io.mantis.cli;

import static io.mantis.cli.CannedViews.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How failures reach the user: message on standard error, exit 1 for failures and 2 for usage errors. */
class ErrorsTest {

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
    void apiErrorPrintsTheMastersMessageAndExitsOne() {
        master.on("GET /jobs/nope-1", 404, error("not_found", "no job nope-1; list jobs with GET /api/v1/jobs"));

        CliRun.Result r = CliRun.against(master, home, "job", "status", "nope-1");

        assertEquals(1, r.code());
        assertEquals("error: no job nope-1; list jobs with GET /api/v1/jobs\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void conflictOnKillIsAnErrorToo() {
        master.on("POST /jobs/sine-1/actions/kill", 409, error("conflict", "job sine-1 has already ended (KILLED)"));

        CliRun.Result r = CliRun.against(master, home, "job", "kill", "sine-1", "--reason", "done");

        assertEquals(1, r.code());
        assertEquals("error: job sine-1 has already ended (KILLED)\n", r.err());
        assertEquals("{\"reason\":\"done\"}", master.requests().get(0).bodyText().replaceAll("\\s", ""));
    }

    @Test
    void errorWithoutAnApiErrorBodyNamesTheStatus() {
        master.on("GET /agents", 502, "<html>bad gateway</html>");

        CliRun.Result r = CliRun.against(master, home, "agents");

        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: the master answered GET " + master.url()
                + "/api/v1/agents with HTTP 502: <html>bad gateway</html>"), r.err());
    }

    @Test
    void unreachableMasterSuggestsMantisUp() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;

        CliRun.Result r = CliRun.run(home, Map.of(), "job", "list", "--master", url);

        assertEquals(1, r.code());
        assertEquals("error: cannot reach the master at " + url + ": is `mantis up` running?\n", r.err());
    }

    @Test
    void badParamIsAUsageErrorNamingTheValue() {
        CliRun.Result r = CliRun.against(master, home, "job", "submit", "x.jar", "--param", "rate");

        assertEquals(2, r.code());
        assertTrue(r.err().contains("'rate' is not key=value"), r.err());
        assertTrue(r.err().contains("Usage: mantis job submit"), r.err());
        assertEquals(0, master.requests().size());
    }

    @Test
    void badWorkersIsAUsageErrorNamingTheValue() {
        CliRun.Result r = CliRun.against(master, home, "job", "submit", "x.jar", "--workers", "two=3");

        assertEquals(2, r.code());
        assertTrue(r.err().contains("'two=3': stage 'two' is not a whole number"), r.err());
    }

    @Test
    void perpetualAndTransientTogetherIsAUsageError() {
        CliRun.Result r = CliRun.against(master, home, "job", "submit", "x.jar", "--perpetual", "--transient");

        assertEquals(2, r.code());
        assertTrue(r.err().contains("mutually exclusive"), r.err());
    }

    @Test
    void missingJarIsReportedBeforeAnythingIsSent() {
        CliRun.Result r = CliRun.against(master, home, "job", "submit", home.resolve("none.jar").toString());

        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: JAR " + home.resolve("none.jar") + " does not exist"), r.err());
        assertEquals(0, master.requests().size());
    }

    @Test
    void commandAloneIsAUsageErrorListingTheSubcommands() {
        CliRun.Result r = CliRun.against(master, home, "job");

        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing command: choose one of submit, list, status"), r.err());
    }

    @Test
    void helpListsEveryCommand() {
        CliRun.Result r = CliRun.run(home, Map.of(), "--help");

        assertEquals(0, r.code());
        for (String command : new String[] {"up", "job", "cluster", "agents", "artifacts"}) {
            assertTrue(r.out().contains("\n  " + command + " "), () -> command + " missing from: " + r.out());
        }
    }
}
