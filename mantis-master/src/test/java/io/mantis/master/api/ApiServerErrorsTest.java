package io.mantis.master.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each error status carries an ApiError document that says what was wrong. */
class ApiServerErrorsTest {

    private static final String TOKEN = "s3cret-token";

    @TempDir
    Path dir;
    TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi(dir, TOKEN, 1 << 20);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static JsonNode error(HttpResponse<String> response, int status, String kind) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = TestApi.json(response);
        assertEquals(kind, body.get("error").asText(), response.body());
        return body;
    }

    @Test
    void malformedJsonIs400AndReachesNoOperation() {
        JsonNode body = error(api.send("POST", "/api/v1/clusters", "{\"name\": \"x\""), 400, "bad_request");
        assertTrue(body.get("message").asText().contains("not valid JSON"), body.toString());
        assertNull(api.operations.lastCall());
    }

    @Test
    void wrongTypeIs400NamingTheField() {
        JsonNode body = error(api.send("POST", "/api/v1/clusters/c/jobs", "{\"workers\":{\"2\":\"x\"}}"), 400,
                "bad_request");
        assertEquals("field 'workers.2': expected a whole number, got 'x'", body.get("message").asText());

        body = error(api.send("POST", "/api/v1/clusters",
                "{\"name\":\"c\",\"stages\":[{\"workers\":1},{\"workers\":[3]}]}"), 400, "bad_request");
        assertEquals("field 'stages.1.workers': expected a whole number, got a list", body.get("message").asText());
        assertNull(api.operations.lastCall());
    }

    @Test
    void unknownOrMissingFieldIs400NamingIt() {
        JsonNode body = error(api.send("POST", "/api/v1/jobs/j-1/actions/scale", "{\"stage\":1,\"workers\":2,\"wokers\":2}"),
                400, "bad_request");
        assertEquals("field 'wokers': no such field in a ScaleRequest; known fields are stage, workers",
                body.get("message").asText());

        body = error(api.send("POST", "/api/v1/jobs/j-1/actions/scale", "{\"stage\":1}"), 400, "bad_request");
        assertEquals("field 'workers' is missing: give a whole number", body.get("message").asText());
    }

    @Test
    void missingRequiredBodyIs400() {
        JsonNode body = error(api.send("POST", "/api/v1/clusters", null), 400, "bad_request");
        assertEquals("the request body is empty: send a ClusterSpec as JSON", body.get("message").asText());
    }

    @Test
    void mutatingWithoutTheTokenIs401ButReadsStayOpen() {
        String expected = "this master requires an API token: set MANTIS_TOKEN or 'token' in ~/.mantis/config";
        HttpResponse<String> none = api.send("POST", "/api/v1/clusters", "{\"name\":\"c\"}", null);
        assertEquals(expected, error(none, 401, "unauthorized").get("message").asText());
        assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
        error(api.send("DELETE", "/api/v1/clusters/c", null, "wrong-token"), 401, "unauthorized");
        error(api.send("PUT", "/api/v1/clusters/c", "{}", TOKEN + "x"), 401, "unauthorized");
        error(api.send("POST", "/api/v1/workers/j-1-1-0-1/heartbeat", "{}", null), 401, "unauthorized");
        assertNull(api.operations.lastCall(), "no operation runs without the token");

        assertEquals(200, api.send("GET", "/api/v1/clusters", null, null).statusCode());
        assertEquals(200, api.send("GET", "/metrics", null, null).statusCode());
        assertEquals(201, api.send("POST", "/api/v1/clusters", "{\"name\":\"c\"}", TOKEN).statusCode());
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithAllow() {
        JsonNode body = error(api.send("GET", "/api/v1/nothing", null), 404, "not_found");
        assertTrue(body.get("message").asText().contains("GET /api/v1/nothing"), body.toString());

        HttpResponse<String> wrong = api.send("PUT", "/api/v1/jobs", "{}");
        error(wrong, 405, "method_not_allowed");
        assertEquals("POST, GET", wrong.headers().firstValue("Allow").orElse(""));

        HttpResponse<String> wrongOnVariable = api.send("PATCH", "/api/v1/clusters/c", "{}");
        error(wrongOnVariable, 405, "method_not_allowed");
        assertEquals("GET, PUT, DELETE", wrongOnVariable.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void apiExceptionsKeepTheirStatusAndMessage() {
        api.operations.failNext = ApiException.conflict("job c-1 has already ended (KILLED)");
        JsonNode body = error(api.send("POST", "/api/v1/jobs/c-1/actions/kill", null), 409, "conflict");
        assertEquals("job c-1 has already ended (KILLED)", body.get("message").asText());

        api.operations.failNext = ApiException.notFound("no job c-9");
        error(api.send("GET", "/api/v1/jobs/c-9", null), 404, "not_found");

        api.operations.failNext = ApiException.unavailable("not the leader");
        error(api.send("GET", "/api/v1/status", null), 503, "unavailable");
    }

    @Test
    void unexpectedExceptionsAre500WithTheirMessage() {
        api.operations.failNext = new IllegalStateException("store is gone");
        JsonNode body = error(api.send("GET", "/api/v1/clusters", null), 500, "internal");
        assertEquals("store is gone", body.get("message").asText());
        assertEquals(200, api.send("GET", "/api/v1/clusters", null).statusCode(), "the server keeps serving");
    }

    @Test
    void unknownArtifactIs404AndAMalformedShaIs400() {
        String sha = "ab".repeat(32);
        JsonNode body = error(api.send("GET", "/api/v1/artifacts/" + sha, null), 404, "not_found");
        assertTrue(body.get("message").asText().contains(sha), body.toString());
        error(api.send("GET", "/api/v1/artifacts/xyz", null), 400, "bad_request");
    }
}
