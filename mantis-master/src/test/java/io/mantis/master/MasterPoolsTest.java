package io.mantis.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantis.master.pools.PoolRule;
import io.mantis.master.pools.PoolScaler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A master started with pool rules and a scaler serves them on its REST API and metrics. */
class MasterPoolsTest {

    @TempDir
    Path dir;

    @Test
    void poolRulesReachTheRestApiAndMetrics() throws Exception {
        PoolScaler scaler = new PoolScaler() {
            @Override
            public void scaleUp(String pool, int count) {
            }

            @Override
            public void release(String pool, List<String> agentIds) {
            }
        };
        MasterConfig config = MasterConfig.defaults(dir).withPort(0)
                .withPools(List.of(new PoolRule("transient", 1, 2, Duration.ofSeconds(30), 1, 4)));
        try (Master master = Master.start(config, scaler)) {
            assertTrue(master.isLeading());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> pools = http.send(HttpRequest.newBuilder(URI.create(master.url() + "/api/v1/pools"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, pools.statusCode(), pools.body());
            JsonNode pool = new ObjectMapper().readTree(pools.body()).get(0);
            assertEquals("transient", pool.get("pool").asText());
            assertEquals(4, pool.get("rule").get("maxSize").asInt());
            assertEquals(0, pool.get("agents").get("idle").asInt());

            HttpResponse<String> events = http.send(HttpRequest.newBuilder(
                    URI.create(master.url() + "/api/v1/pools/events")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, events.statusCode(), events.body());
            assertEquals("[]", events.body().strip());

            // The pool gauges appear with the first periodic check (every 500 ms).
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String metrics = "";
            while (System.nanoTime() < deadline && !metrics.contains("mantis_pool_agents{pool=\"transient\"")) {
                metrics = http.send(HttpRequest.newBuilder(URI.create(master.url() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Thread.sleep(50); // poll interval of the deadline loop
            }
            assertTrue(metrics.contains("mantis_pool_agents{pool=\"transient\",state=\"idle\"}"), metrics);
        }
    }
}
