package io.mantis.executor.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCacheTest {

    private static final byte[] JAR = "pretend this is a jar".getBytes(StandardCharsets.UTF_8);

    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private String sha;

    @TempDir
    Path dir;

    @BeforeEach
    void serve() throws Exception {
        sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(JAR));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/jar", exchange -> {
            requests.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS); // holds the download open while other fetches pile up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, JAR.length);
            exchange.getResponseBody().write(JAR);
            exchange.close();
        });
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void concurrentFetchesOfOneJarDownloadItOnceAndLaterOnesReuseIt() throws Exception {
        ArtifactCache cache = new ArtifactCache(dir, HttpClient.newHttpClient());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> fetches = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                fetches.add(pool.submit(() -> cache.fetch(sha, url("/jar"))));
            }
            io.mantis.runtime.testing.Await.until("the download to begin", java.time.Duration.ofSeconds(10),
                    () -> requests.get() == 1);
            release.countDown();
            for (Future<Path> f : fetches) {
                assertEquals(dir.resolve(sha + ".jar"), f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(dir.resolve(sha + ".jar"), cache.fetch(sha, url("/jar")));
            assertEquals(1, requests.get());
            assertArrayEquals(JAR, Files.readAllBytes(dir.resolve(sha + ".jar")));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWrongShaLeavesNothingBehind() throws Exception {
        release.countDown();
        ArtifactCache cache = new ArtifactCache(dir, HttpClient.newHttpClient());
        String wrong = "a".repeat(64);
        IOException e = assertThrows(IOException.class, () -> cache.fetch(wrong, url("/jar")));
        assertTrue(e.getMessage().contains("has SHA-256 " + sha + ", expected " + wrong), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "a partial or wrong file was left in the cache");
        }
    }

    @Test
    void aMissingJarNamesTheUrlAndStatus() throws Exception {
        ArtifactCache cache = new ArtifactCache(dir, HttpClient.newHttpClient());
        IOException e = assertThrows(IOException.class, () -> cache.fetch(sha, url("/missing")));
        assertTrue(e.getMessage().contains("/missing answered 404"), e.getMessage());
    }
}
