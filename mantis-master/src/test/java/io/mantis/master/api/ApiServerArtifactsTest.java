package io.mantis.master.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads are streamed to a spool file and handed over; downloads stream the stored file back. */
class ApiServerArtifactsTest {

    private static final String TOKEN = "t0ken";
    private static final int LIMIT = 256 * 1024;

    @TempDir
    Path dir;
    TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi(dir, TOKEN, LIMIT);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private List<Path> spooled() throws IOException {
        Path spool = dir.resolve("spool");
        if (!Files.exists(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.toList();
        }
    }

    @Test
    void downloadedBytesEqualUploadedBytes() throws IOException {
        byte[] jar = randomBytes(LIMIT - 17);
        HttpResponse<String> uploaded = api.send(api.request("/api/v1/artifacts?name=my-job.jar")
                .POST(BodyPublishers.ofByteArray(jar)).build(), BodyHandlers.ofString());
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        JsonNode view = TestApi.json(uploaded);
        assertEquals("my-job.jar", view.get("fileName").asText());
        assertEquals(jar.length, view.get("size").asLong());
        assertEquals("uploadArtifact", api.operations.lastCall().operation());
        assertEquals("my-job.jar", api.operations.lastCall().arguments().get(1));
        assertEquals(List.of(), spooled(), "the spool file is gone once the upload is handled");

        String sha = view.get("sha256").asText();
        HttpResponse<byte[]> downloaded = api.send(api.request("/api/v1/artifacts/" + sha).GET().build(),
                BodyHandlers.ofByteArray());
        assertEquals(200, downloaded.statusCode());
        assertEquals("application/java-archive", downloaded.headers().firstValue("Content-Type").orElse(""));
        assertEquals(String.valueOf(jar.length), downloaded.headers().firstValue("Content-Length").orElse(""));
        assertArrayEquals(jar, downloaded.body());

        assertEquals(200, api.send("GET", "/api/v1/artifacts", null).statusCode());
        assertEquals("listArtifacts", api.operations.lastCall().operation());
    }

    @Test
    void anInvalidArtifactIs400WithItsReason() {
        api.operations.failNext = new io.mantis.master.artifacts.InvalidArtifactException(
                "not a JAR (zip) file: zip END header not found");
        HttpResponse<String> refused = api.send(api.request("/api/v1/artifacts?name=notes.jar")
                .POST(BodyPublishers.ofString("just text")).build(), BodyHandlers.ofString());
        assertEquals(400, refused.statusCode(), refused.body());
        JsonNode error = TestApi.json(refused);
        assertEquals("bad_request", error.get("error").asText());
        assertEquals("not a JAR (zip) file: zip END header not found", error.get("message").asText());
    }

    @Test
    void chunkedUploadWithoutLengthIsReceivedWhole() {
        byte[] jar = randomBytes(100_000);
        HttpResponse<String> uploaded = api.send(api.request("/api/v1/artifacts?name=a.jar")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(jar))).build(),
                BodyHandlers.ofString());
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        assertEquals(jar.length, TestApi.json(uploaded).get("size").asLong());
    }

    @Test
    void uploadOverTheLimitIs413NamingIt() throws IOException {
        byte[] tooBig = randomBytes(LIMIT + 1);
        HttpResponse<String> declared = api.send(api.request("/api/v1/artifacts?name=big.jar")
                .POST(BodyPublishers.ofByteArray(tooBig)).build(), BodyHandlers.ofString());
        assertEquals(413, declared.statusCode(), declared.body());
        assertEquals("too_large", TestApi.json(declared).get("error").asText());
        assertTrue(declared.body().contains(String.valueOf(LIMIT)), declared.body());

        // Without Content-Length the limit is noticed while counting the chunks.
        HttpResponse<String> streamed = api.send(api.request("/api/v1/artifacts?name=big.jar")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(randomBytes(4 * LIMIT)))).build(),
                BodyHandlers.ofString());
        assertEquals(413, streamed.statusCode(), streamed.body());
        assertTrue(streamed.body().contains(String.valueOf(LIMIT)), streamed.body());

        assertTrue(api.operations.calls.isEmpty(), "no operation sees a refused upload");
        assertEquals(List.of(), spooled(), "nothing is left in the spool directory");
        assertEquals(200, api.send("GET", "/api/v1/status", null).statusCode(), "the server keeps serving");
    }

    @Test
    void uploadWithoutANameOrTokenIsRefusedBeforeTheBody() throws IOException {
        HttpResponse<String> nameless = api.send(api.request("/api/v1/artifacts")
                .POST(BodyPublishers.ofByteArray(randomBytes(1000))).build(), BodyHandlers.ofString());
        assertEquals(400, nameless.statusCode(), nameless.body());
        assertTrue(nameless.body().contains("query parameter 'name' is required"), nameless.body());

        HttpResponse<String> pathName = api.send(api.request("/api/v1/artifacts?name=../x.jar")
                .POST(BodyPublishers.ofByteArray(randomBytes(1000))).build(), BodyHandlers.ofString());
        assertEquals(400, pathName.statusCode(), pathName.body());

        HttpResponse<String> anonymous = api.send("POST", "/api/v1/artifacts?name=a.jar", "not a jar", null);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertTrue(api.operations.calls.isEmpty());
        assertEquals(List.of(), spooled());
    }
}
