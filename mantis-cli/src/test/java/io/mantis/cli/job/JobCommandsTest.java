package io.mantis.cli.job;

import static io.mantis.cli.CannedViews.job;
import static io.mantis.cli.CannedViews.worker;
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

class JobCommandsTest {

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
    void listPassesFiltersAndShowsStartedOverTotal() {
        master.on("GET /jobs?cluster=sine&state=active", 200, "[" + job("sine-1", "RUNNING", null,
                worker("sine-1-1-0-1", 1, "STARTED", 31001, null)) + "]");

        CliRun.Result r = CliRun.against(master, home, "job", "list", "--cluster", "sine", "--state", "active");

        assertEquals(0, r.code(), r.err());
        assertTrue(r.outLines().get(0).startsWith(
                "ID      CLUSTER  STATE    TYPE       POOL       WORKERS  SUBSCRIBERS  SUBMITTED"), r.out());
        assertTrue(r.outLines().get(1).startsWith("sine-1  sine     RUNNING  PERPETUAL  perpetual  1/3      -  "),
                r.out());
    }

    @Test
    void statusShowsFieldsThenAWorkersTable() {
        master.on("GET /jobs/sine-1", 200, job("sine-1", "RUNNING", null,
                worker("sine-1-1-0-1", 1, "STARTED", 31001, null),
                worker("sine-1-2-0-2", 2, "LAUNCHED", null, "replacing sine-1-2-0-1: exit code 137")));

        CliRun.Result r = CliRun.against(master, home, "job", "status", "sine-1");

        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("state       RUNNING\n"), out);
        assertTrue(out.contains("parameters  rate=5\n"), out);
        assertTrue(out.contains("stages      1:gen x1, 2:out x2\n"), out);
        assertTrue(out.contains("workers     1/3 started\n"), out);
        List<String> lines = r.outLines();
        int header = lines.indexOf("WORKER        STATE     AGENT        HOST:DATA,SINK,ADMIN         ATTEMPT  REASON");
        assertTrue(header > 0, out);
        assertEquals("sine-1-1-0-1  STARTED   perpetual-1  127.0.0.1:31000,31001,31002  1        -",
                lines.get(header + 1));
        assertEquals("sine-1-2-0-2  LAUNCHED  perpetual-1  -                            1        "
                + "replacing sine-1-2-0-1: exit code 137", lines.get(header + 2));
    }

    @Test
    void scaleAndResubmitPostTheirRequests() throws IOException {
        master.on("POST /jobs/sine-1/actions/scale", 200, job("sine-1", "RUNNING", null))
                .on("POST /jobs/sine-1/actions/resubmit", 200, job("sine-1", "RUNNING", null));

        CliRun.Result scale = CliRun.against(master, home, "job", "scale", "sine-1", "2", "4");
        CliRun.Result resubmit = CliRun.against(master, home, "job", "resubmit", "sine-1", "sine-1-2-0-1");

        assertEquals(0, scale.code(), scale.err());
        assertEquals("scaling job sine-1 stage 2 to 4 workers\n", scale.out());
        assertEquals(0, resubmit.code(), resubmit.err());
        assertEquals(Json.MAPPER.readTree("{\"stage\":2,\"workers\":4}"),
                Json.MAPPER.readTree(master.requests().get(0).body()));
        assertEquals(Json.MAPPER.readTree("{\"workerId\":\"sine-1-2-0-1\"}"),
                Json.MAPPER.readTree(master.requests().get(1).body()));
    }

    @Test
    void scaleToZeroIsAUsageErrorPointingAtKill() {
        CliRun.Result r = CliRun.against(master, home, "job", "scale", "sine-1", "2", "0");

        assertEquals(2, r.code());
        assertTrue(r.err().contains("to stop the job use `mantis job kill sine-1`"), r.err());
        assertEquals(List.of(), master.requests());
    }
}
