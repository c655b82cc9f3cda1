package io.mantis.master.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZkMetadataStoreTest {

    @TempDir
    Path dir;

    private EmbeddedZooKeeper zk;
    private ZooKeeperConnection connection;
    private ZkMetadataStore store;

    @BeforeEach
    void start() {
        zk = EmbeddedZooKeeper.start(dir, 0);
        connection = ZooKeeperConnection.open(zk.connectString(),
                new ZooKeeperConnection.Settings(Duration.ofSeconds(4), Duration.ofSeconds(1), 1,
                        Duration.ofSeconds(10)));
        store = new ZkMetadataStore(connection.curator());
    }

    @AfterEach
    void stop() {
        store.close();
        connection.close();
        zk.close();
    }

    @Test
    void putThenGetReturnsTheDocumentAndOverwriteReplacesIt() {
        store.put("jobs/word-count-1", "v1".getBytes(UTF_8));
        assertArrayEquals("v1".getBytes(UTF_8), store.get("jobs/word-count-1").orElseThrow());

        store.put("jobs/word-count-1", "v2".getBytes(UTF_8));
        assertArrayEquals("v2".getBytes(UTF_8), store.get("jobs/word-count-1").orElseThrow());
    }

    @Test
    void documentsAreVisibleToAnotherClientUnderTheMantisNamespace() throws Exception {
        store.put("clusters/word-count", "{}".getBytes(UTF_8));

        try (ZooKeeperConnection other = ZooKeeperConnection.open(zk.connectString())) {
            assertArrayEquals("{}".getBytes(UTF_8),
                    other.curator().usingNamespace(null).getData().forPath("/mantis/clusters/word-count"));
        }
    }

    @Test
    void getOfAMissingPathIsEmpty() {
        assertEquals(Optional.empty(), store.get("jobs/nope"));
    }

    @Test
    void childrenAreSortedNamesAndEmptyForMissingPaths() {
        store.put("jobs/b-2", new byte[0]);
        store.put("jobs/a-10", new byte[0]);
        store.put("jobs/a-1/workers/0", new byte[0]);

        assertEquals(List.of("a-1", "a-10", "b-2"), store.children("jobs"));
        assertEquals(List.of("0"), store.children("jobs/a-1/workers"));
        assertEquals(List.of(), store.children("jobs/b-2"));
        assertEquals(List.of(), store.children("nothing/here"));
        assertEquals(List.of("jobs"), store.children(""));
    }

    @Test
    void deleteRemovesTheSubtreeAndIsIdempotent() {
        store.put("jobs/a-1", "job".getBytes(UTF_8));
        store.put("jobs/a-1/workers/0", "w0".getBytes(UTF_8));
        store.put("jobs/a-2", "other".getBytes(UTF_8));

        store.delete("jobs/a-1");
        store.delete("jobs/a-1");
        store.delete("never/existed");

        assertEquals(Optional.empty(), store.get("jobs/a-1"));
        assertEquals(Optional.empty(), store.get("jobs/a-1/workers/0"));
        assertEquals(List.of("a-2"), store.children("jobs"));
    }

    @Test
    void aDocumentWrittenIntoAnImplicitParentSurvivesItsChildren() {
        store.put("jobs/a-1/workers/0", "w0".getBytes(UTF_8));
        store.put("jobs/a-1", "job".getBytes(UTF_8));
        store.delete("jobs/a-1/workers");

        assertArrayEquals("job".getBytes(UTF_8), store.get("jobs/a-1").orElseThrow());
    }

    @Test
    void rejectsDocumentsOverTheLimitNamingThePath() {
        byte[] fits = new byte[ZkMetadataStore.MAX_DOCUMENT_BYTES];
        store.put("big/fits", fits);
        assertEquals(fits.length, store.get("big/fits").orElseThrow().length);

        StoreException e = assertThrows(StoreException.class,
                () -> store.put("big/too", new byte[ZkMetadataStore.MAX_DOCUMENT_BYTES + 1]));
        assertTrue(e.getMessage().contains("'big/too'") && e.getMessage().contains("921601 bytes"), e.getMessage());
        assertEquals(Optional.empty(), store.get("big/too"));
    }

    @Test
    void rejectsMalformedPathsWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.put("jobs//x", new byte[0]))
                .getMessage().contains("'jobs//x' has an empty segment"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.put("jobs/", new byte[0]))
                .getMessage().contains("empty segment"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.get("jobs/../x"))
                .getMessage().contains("'..'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.delete(""))
                .getMessage().contains("names the root"));
        assertTrue(assertThrows(NullPointerException.class, () -> store.put("jobs/x", null))
                .getMessage().contains("jobs/x"));
    }

    @Test
    void failsWithThePathWhenZooKeeperIsGone() {
        store.put("jobs/a-1", "job".getBytes(UTF_8));
        zk.close();

        StoreException e = assertThrows(StoreException.class, () -> store.put("jobs/a-2", new byte[0]));
        assertTrue(e.getMessage().contains("'jobs/a-2'"), e.getMessage());
        StoreException read = assertThrows(StoreException.class, () -> store.get("jobs/a-1"));
        assertTrue(read.getMessage().contains("cannot read 'jobs/a-1'"), read.getMessage());
    }

    @Test
    void aClosedStoreRefusesCalls() {
        store.close();
        store.close();
        StoreException e = assertThrows(StoreException.class, () -> store.get("jobs/a-1"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
