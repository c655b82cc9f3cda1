package io.mantis.master.artifacts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job JARs on disk, addressed by the SHA-256 of their bytes:
 *
 * <pre>
 * &lt;dataDir&gt;/artifacts/&lt;sha256&gt;.jar    the JAR, exactly as uploaded
 * &lt;dataDir&gt;/artifacts/&lt;sha256&gt;.json   its {@link ArtifactInfo}; written last, so it marks a complete entry
 * </pre>
 *
 * <p>Both files are written to a temporary name and moved into place atomically, so a crash leaves either a
 * complete entry or none that counts. Nothing is cached: every read looks at the directory, so a restarted
 * master (or a new leader sharing the directory) sees every stored JAR.
 *
 * <p>Thread-safe: {@link #put} is serialised on the store; reads may run alongside.
 */
public final class ArtifactStore {

    private static final Logger log = LoggerFactory.getLogger(ArtifactStore.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final JarInspector inspector;
    private final Clock clock;

    /**
     * @param dataDir the master's data directory; {@code artifacts/} is created in it when missing
     * @param clock   stamps {@link ArtifactInfo#uploadedAt()}
     * @throws UncheckedIOException when the directory cannot be created
     */
    public ArtifactStore(Path dataDir, JarInspector inspector, Clock clock) {
        Objects.requireNonNull(dataDir, "dataDir is null");
        this.inspector = Objects.requireNonNull(inspector, "inspector is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.directory = dataDir.resolve("artifacts");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the artifact directory " + directory + ": " + e, e);
        }
    }

    /**
     * Stores an uploaded JAR. A new JAR is moved out of {@code uploadedFile} into the store; the same bytes stored
     * before leave {@code uploadedFile} where it is and return the first upload's info.
     *
     * @param fileName the name the user gave the JAR, kept for display
     * @throws InvalidArtifactException when the file is not a job JAR; nothing is stored then
     * @throws UncheckedIOException     when the file cannot be read or the store written
     */
    public synchronized ArtifactInfo put(Path uploadedFile, String fileName) {
        Objects.requireNonNull(uploadedFile, "uploadedFile is null");
        Objects.requireNonNull(fileName, "fileName is null");
        try {
            long size = Files.size(uploadedFile);
            String sha = sha256(uploadedFile);
            Optional<ArtifactInfo> existing = get(sha);
            if (existing.isPresent()) {
                return existing.get();
            }
            ArtifactInfo info = new ArtifactInfo(sha, size, fileName, clock.millis(), inspector.inspect(uploadedFile));
            moveIntoPlace(uploadedFile, jar(sha));
            Path temp = Files.createTempFile(directory, "." + sha, ".json.tmp");
            try {
                JSON.writeValue(temp.toFile(), info);
                moveIntoPlace(temp, sidecar(sha));
            } finally {
                Files.deleteIfExists(temp);
            }
            log.info("stored artifact {} ({}, {} bytes, job '{}')", sha, fileName, size, info.job().name());
            return info;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the JAR " + fileName + ": " + e, e);
        }
    }

    /** The stored JAR's info; empty when there is none, or {@code sha256} is not 64 lower-case hex digits. */
    public Optional<ArtifactInfo> get(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            return Optional.empty();
        }
        Path sidecar = sidecar(sha256);
        if (!Files.isRegularFile(sidecar) || !Files.isRegularFile(jar(sha256))) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(sidecar.toFile(), ArtifactInfo.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sidecar + ": " + e
                    + ": delete it and the JAR beside it, then upload the JAR again", e);
        }
    }

    /** The stored JAR's file, for download; empty as for {@link #get}. */
    public Optional<Path> file(String sha256) {
        return get(sha256).map(info -> jar(info.sha256()));
    }

    /** Every stored JAR, newest first. */
    public List<ArtifactInfo> list() {
        List<ArtifactInfo> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json")) {
                    get(name.substring(0, name.length() - ".json".length())).ifPresent(all::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory + ": " + e, e);
        }
        all.sort(Comparator.comparingLong(ArtifactInfo::uploadedAt).reversed()
                .thenComparing(ArtifactInfo::sha256));
        return all;
    }

    private Path jar(String sha) {
        return directory.resolve(sha + ".jar");
    }

    private Path sidecar(String sha) {
        return directory.resolve(sha + ".json");
    }

    /** Atomic in the store's directory; a source on another file system is copied beside the target first. */
    private void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException otherFileSystem) {
            Path temp = Files.createTempFile(directory, ".incoming", ".tmp");
            try {
                Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Files.delete(source);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

}
