package io.mantis.master.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedZooKeeperTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    @Test
    void picksAFreeLoopbackPortAndAcceptsClients() throws IOException {
        EmbeddedZooKeeper zk = track(EmbeddedZooKeeper.start(dir, 0));

        assertTrue(zk.connectString().matches("127\\.0\\.0\\.1:\\d+"), zk.connectString());
        assertNotEquals(0, zk.port());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", zk.port()), 2000);
        }
        ZooKeeperConnection connection = track(ZooKeeperConnection.open(zk.connectString()));
        assertDoesNotThrow(() -> connection.curator().checkExists().forPath("/"));
    }

    @Test
    void keepsDataAcrossARestartOnTheSameDirectory() {
        EmbeddedZooKeeper first = EmbeddedZooKeeper.start(dir, 0);
        int port = first.port();
        try (ZooKeeperConnection connection = ZooKeeperConnection.open(first.connectString());
             ZkMetadataStore store = new ZkMetadataStore(connection.curator())) {
            store.put("jobs/word-count-1", "{\"state\":\"RUNNING\"}".getBytes(StandardCharsets.UTF_8));
        } finally {
            first.close();
        }

        // Same port as well, as a restarted master would use.
        EmbeddedZooKeeper second = track(EmbeddedZooKeeper.start(dir, port));
        assertEquals("127.0.0.1:" + port, second.connectString());
        ZooKeeperConnection connection = track(ZooKeeperConnection.open(second.connectString()));
        ZkMetadataStore store = new ZkMetadataStore(connection.curator());

        assertArrayEquals("{\"state\":\"RUNNING\"}".getBytes(StandardCharsets.UTF_8),
                store.get("jobs/word-count-1").orElseThrow());
        assertEquals(List.of("word-count-1"), store.children("jobs"));
    }

    @Test
    void leavesNoConfigurationFilesInTheDataDirectory() throws IOException {
        track(EmbeddedZooKeeper.start(dir, 0)).close();
        track(EmbeddedZooKeeper.start(dir, 0)).close();

        try (Stream<Path> top = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("data")), top.toList());
        }
    }

    @Test
    void reportsATakenPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            StoreException e = assertThrows(StoreException.class,
                    () -> track(EmbeddedZooKeeper.start(dir, taken.getLocalPort())));
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
    }

    @Test
    void closeIsIdempotentAndStopsListening() {
        EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0);
        zk.close();
        zk.close();

        assertThrows(IOException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", zk.port()), 2000);
            }
        });
    }
}
