package io.mantis.executor.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * Job JARs on local disk, by SHA-256: {@code <dir>/<sha256>.jar}. A JAR is downloaded to a temporary file,
 * checked against its SHA-256 and only then moved into place, so a file under its final name is always whole and
 * right. Thread-safe: concurrent fetches of one JAR share a single download.
 */
final class ArtifactCache {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;
    private final HttpClient client;
    private final ConcurrentHashMap<String, CompletableFuture<Path>> downloads = new ConcurrentHashMap<>();

    ArtifactCache(Path dir, HttpClient client) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.client = client;
    }

    /**
     * The cached JAR, downloaded from {@code url} first when absent. Blocks until it is there.
     *
     * @throws IOException saying what went wrong: the URL's answer, a connection error, or a SHA-256 mismatch
     */
    Path fetch(String sha256, URI url) throws IOException, InterruptedException {
        String sha = sha256.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha).matches()) {
            throw new IllegalArgumentException("artifactSha256 '" + sha256 + "' is not 64 hex digits");
        }
        Path target = dir.resolve(sha + ".jar");
        if (Files.exists(target)) {
            return target;
        }
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> running = downloads.putIfAbsent(sha, mine);
        if (running != null) {
            return await(running);
        }
        try {
            // Checked again: another download may have finished between the first check and putIfAbsent.
            mine.complete(Files.exists(target) ? target : download(sha, url, target));
        } catch (IOException | RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            downloads.remove(sha, mine);
        }
        return await(mine);
    }

    private Path download(String sha, URI url, Path target) throws IOException {
        Path part = Files.createTempFile(dir, sha, ".part");
        try {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(url)
                    .timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(part)) {
                if (response.statusCode() != 200) {
                    throw new IOException("GET " + url + " answered " + response.statusCode());
                }
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha)) {
                throw new IOException("the JAR from " + url + " has SHA-256 " + actual + ", expected " + sha);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().contains(url.toString()) ? e
                    : new IOException("GET " + url + " failed: " + e, e);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static Path await(CompletableFuture<Path> download) throws IOException, InterruptedException {
        try {
            return download.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }
}
