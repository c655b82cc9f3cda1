package io.mantis.master.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.master.api.RecordingOperations.Call;
import io.mantis.master.api.Views.ClusterSpec;
import io.mantis.master.api.Views.JobFilter;
import io.mantis.master.api.Views.Sla;
import io.mantis.master.api.Views.StageSpec;
import io.mantis.master.api.Views.SubmitRequest;
import io.mantis.protocol.AgentHeartbeat;
import io.mantis.protocol.WorkerHeartbeat;
import io.mantis.protocol.WorkerReport;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route of docs/control-plane.md reaches its operation with the right arguments and answers its view. */
class ApiServerRoutesTest {

    @TempDir
    Path dir;
    TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi(dir, null, 1 << 20);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Call call(String method, String path, String body, int expectedStatus) {
        HttpResponse<String> response = api.send(method, path, body);
        assertEquals(expectedStatus, response.statusCode(), () -> method + " " + path + ": " + response.body());
        if (expectedStatus != 204) {
            assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        }
        return api.operations.lastCall();
    }

    @Test
    void clusterRoutesReachTheirOperations() throws Exception {
        String spec = """
                {"name":"clicks","artifact":"abc","parameters":{"rate":"10"},
                 "stages":[{"workers":2,"machine":{"cpus":0.5,"memoryMB":512,"networkMbps":64,"diskMB":100}}],
                 "sla":{"min":1,"max":2,"cron":null},"durationType":"PERPETUAL"}""";
        HttpResponse<String> created = api.send("POST", "/api/v1/clusters", spec);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("clicks", TestApi.json(created).get("name").asText());
        ClusterSpec expected = new ClusterSpec("clicks", "abc", Map.of("rate", "10"),
                List.of(new StageSpec(2, new Views.Machine(0.5, 512, 64, 100))), new Sla(1, 2, null), "PERPETUAL");
        assertEquals(new Call("createCluster", List.of(expected)), api.operations.lastCall());

        assertEquals(new Call("listClusters", List.of()), call("GET", "/api/v1/clusters", null, 200));
        assertEquals(new Call("getCluster", List.of("my cluster")), call("GET", "/api/v1/clusters/my%20cluster", null, 200));
        assertEquals(new Call("updateCluster", List.of("clicks",
                        new ClusterSpec(null, "def", null, null, null, null))),
                call("PUT", "/api/v1/clusters/clicks", "{\"artifact\":\"def\"}", 200));
        assertEquals(new Call("deleteCluster", List.of("clicks")), call("DELETE", "/api/v1/clusters/clicks", null, 204));
    }

    @Test
    void jobRoutesReachTheirOperations() {
        assertEquals(new Call("submitToCluster", List.of("clicks",
                        new SubmitRequest(null, null, Map.of("rate", "3"), Map.of(2, 4), null))),
                call("POST", "/api/v1/clusters/clicks/jobs", "{\"parameters\":{\"rate\":\"3\"},\"workers\":{\"2\":4}}", 201));
        assertEquals(new Call("submitToCluster", List.of("clicks", new SubmitRequest(null, null, null, null, null))),
                call("POST", "/api/v1/clusters/clicks/jobs", null, 201));
        assertEquals(new Call("quickSubmit", List.of(new SubmitRequest("q", "abc", null, null, "TRANSIENT"))),
                call("POST", "/api/v1/jobs", "{\"name\":\"q\",\"artifact\":\"abc\",\"durationType\":\"TRANSIENT\"}", 201));
        assertEquals(new Call("listJobs", List.of(new JobFilter("clicks", "active"))),
                call("GET", "/api/v1/jobs?cluster=clicks&state=active", null, 200));
        assertEquals(new Call("listJobs", List.of(new JobFilter(null, null))), call("GET", "/api/v1/jobs", null, 200));
        assertEquals(new Call("getJob", List.of("clicks-7")), call("GET", "/api/v1/jobs/clicks-7", null, 200));
        assertEquals(new Call("killJob", Arrays.asList("clicks-7", "done")),
                call("POST", "/api/v1/jobs/clicks-7/actions/kill", "{\"reason\":\"done\"}", 200));
        assertEquals(new Call("killJob", Arrays.asList("clicks-7", null)), call("DELETE", "/api/v1/jobs/clicks-7", null, 200));
        assertEquals(new Call("scaleStage", List.of("clicks-7", 2, 5)),
                call("POST", "/api/v1/jobs/clicks-7/actions/scale", "{\"stage\":2,\"workers\":5}", 200));
        assertEquals(new Call("resubmitWorker", List.of("clicks-7", "clicks-7-1-0-1")),
                call("POST", "/api/v1/jobs/clicks-7/actions/resubmit", "{\"workerId\":\"clicks-7-1-0-1\"}", 200));

        HttpResponse<String> killed = api.send("DELETE", "/api/v1/jobs/clicks-7", null);
        assertEquals("KILLED", TestApi.json(killed).get("state").asText());
    }

    @Test
    void poolRoutesAnswerRulesCountsAndEvents() {
        HttpResponse<String> pools = api.send("GET", "/api/v1/pools", null);
        assertEquals(200, pools.statusCode(), pools.body());
        JsonNode pool = TestApi.json(pools).get(0);
        assertEquals("transient", pool.get("pool").asText());
        assertEquals(2, pool.get("rule").get("maxIdle").asInt());
        assertEquals(30, pool.get("rule").get("coolDownSeconds").asInt());
        assertEquals(3, pool.get("agents").get("released").asInt());
        assertEquals("listPools", api.operations.lastCall().operation());

        HttpResponse<String> events = api.send("GET", "/api/v1/pools/events", null);
        assertEquals(200, events.statusCode(), events.body());
        JsonNode event = TestApi.json(events).get(0);
        assertEquals("release", event.get("action").asText());
        assertEquals("agent-2", event.get("agentIds").get(0).asText());
        assertEquals("listPoolEvents", api.operations.lastCall().operation());
    }

    @Test
    void agentWorkerStatusAndMetricsRoutesReachTheirOperations() {
        HttpResponse<String> agents = api.send("GET", "/api/v1/agents", null);
        assertEquals(200, agents.statusCode());
        assertEquals(7000, TestApi.json(agents).get(0).get("total").get("portsBegin").asInt());

        String beat = """
                {"agentId":"a1","hostname":"h","pool":"perpetual",
                 "resources":{"cpus":4,"memoryMB":8192,"networkMbps":1000,"diskMB":1000,"portsBegin":7000,"portsEnd":7099},
                 "agentUrl":"http://127.0.0.1:7101","isolation":"none",
                 "workers":[{"workerId":"j-1-1-0-1","status":"EXITED","exitCode":3,"reason":"boom"}]}""";
        HttpResponse<String> reply = api.send("POST", "/api/v1/agents/heartbeat", beat);
        assertEquals(200, reply.statusCode(), reply.body());
        assertEquals("x-1-1-0-1", TestApi.json(reply).get("kill").get(0).asText());
        AgentHeartbeat received = (AgentHeartbeat) api.operations.lastCall().arguments().get(0);
        assertEquals(List.of(new WorkerReport("j-1-1-0-1", WorkerReport.Status.EXITED, 3, "boom")), received.workers());
        assertEquals("http://127.0.0.1:7101", received.agentUrl());

        assertEquals(new Call("workerHeartbeat", List.of(new WorkerHeartbeat("j-1-1-0-1", "h", 1, 2, 3))),
                call("POST", "/api/v1/workers/j-1-1-0-1/heartbeat",
                        "{\"host\":\"h\",\"dataPort\":1,\"sinkPort\":2,\"adminPort\":3}", 204));

        JsonNode status = TestApi.json(api.send("GET", "/api/v1/status", null));
        assertEquals("m1", status.get("masterId").asText());
        assertTrue(status.get("leader").asBoolean());

        HttpResponse<String> metrics = api.send("GET", "/metrics", null);
        assertEquals(200, metrics.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", metrics.headers().firstValue("Content-Type").orElse(""));
        assertEquals("# TYPE mantis_jobs gauge\nmantis_jobs 1.0\n", metrics.body());
    }
}
