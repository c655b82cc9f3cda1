package io.mantis.master.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.artifacts.fixture.FailingJobProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path uploads;

    private static Clock at(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private List<String> storedFiles() throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("artifacts"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void storesAJarUnderItsShaWithASidecar() throws Exception {
        ArtifactStore store = new ArtifactStore(dataDir, new JarInspector(), at(1000));
        Path upload = TestJars.clicksJar(uploads.resolve("upload.part"));
        byte[] bytes = Files.readAllBytes(upload);

        ArtifactInfo info = store.put(upload, "clicks-1.0.jar");

        String sha = sha256(bytes);
        assertEquals(sha, info.sha256());
        assertEquals(bytes.length, info.size());
        assertEquals("clicks-1.0.jar", info.fileName());
        assertEquals(1000, info.uploadedAt());
        assertEquals("clicks", info.job().name());
        assertEquals(List.of(sha + ".jar", sha + ".json"), storedFiles());
        assertFalse(Files.exists(upload), "the upload is moved into the store");
        assertArrayEquals(bytes, Files.readAllBytes(store.file(sha).orElseThrow()));
        assertEquals(Optional.of(info), store.get(sha));
    }

    @Test
    void theSameBytesTwiceReturnTheFirstUpload() throws IOException {
        ArtifactStore first = new ArtifactStore(dataDir, new JarInspector(), at(1000));
        ArtifactInfo info = first.put(TestJars.clicksJar(uploads.resolve("a.part")), "a.jar");

        ArtifactStore later = new ArtifactStore(dataDir, new JarInspector(), at(2000));
        assertEquals(info, later.put(TestJars.clicksJar(uploads.resolve("b.part")), "b.jar"));
        assertEquals(List.of(info), later.list());
        assertEquals(2, storedFiles().size());
    }

    @Test
    void aBadJarIsRefusedWithItsReasonLeavingNothingBehind() throws IOException {
        ArtifactStore store = new ArtifactStore(dataDir, new JarInspector(), at(1000));
        Path failing = TestJars.jar(uploads.resolve("f.part"), FailingJobProvider.class.getName(), null);
        InvalidArtifactException e = assertThrows(InvalidArtifactException.class, () -> store.put(failing, "f.jar"));
        assertTrue(e.getMessage().contains("no topic configured"), e.getMessage());

        Path text = Files.writeString(uploads.resolve("t.part"), "hello");
        e = assertThrows(InvalidArtifactException.class, () -> store.put(text, "t.jar"));
        assertTrue(e.getMessage().startsWith("not a JAR (zip) file"), e.getMessage());

        assertEquals(List.of(), storedFiles());
        assertEquals(List.of(), store.list());
    }

    @Test
    void aRestartedStoreListsEverythingNewestFirst() throws IOException {
        ArtifactInfo older = new ArtifactStore(dataDir, new JarInspector(), at(1000))
                .put(TestJars.clicksJar(uploads.resolve("a.part")), "a.jar");
        // Different bytes: the same classes under a manifest declaration.
        ArtifactInfo newer = new ArtifactStore(dataDir, new JarInspector(), at(5000))
                .put(TestJars.jar(uploads.resolve("b.part"), null,
                        io.mantis.master.artifacts.fixture.ClicksJobProvider.class.getName()), "b.jar");

        ArtifactStore restarted = new ArtifactStore(dataDir, new JarInspector(), at(9000));
        assertEquals(List.of(newer, older), restarted.list());
        assertEquals(Optional.of(older), restarted.get(older.sha256()));
        assertTrue(restarted.file(newer.sha256()).isPresent());
    }

    @Test
    void unknownOrMalformedShasFindNothing() {
        ArtifactStore store = new ArtifactStore(dataDir, new JarInspector(), at(1000));
        assertEquals(Optional.empty(), store.get("ab".repeat(32)));
        assertEquals(Optional.empty(), store.file("../../etc/passwd"));
        assertEquals(Optional.empty(), store.get(null));
    }
}
