package io.mantis.master.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooKeeperConnectionTest {

    @TempDir
    Path dir;

    @Test
    void connectsUnderTheMantisNamespaceAndCloseIsIdempotent() {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0)) {
            ZooKeeperConnection connection = ZooKeeperConnection.open(zk.connectString());
            assertTrue(connection.curator().getZookeeperClient().isConnected());
            assertEquals("mantis", connection.curator().getNamespace());
            assertEquals(zk.connectString(), connection.connectString());

            connection.close();
            connection.close();
            assertEquals(CuratorFrameworkState.STOPPED, connection.curator().getState());
        }
    }

    @Test
    void saysClearlyWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ZooKeeperConnection.Settings quick = new ZooKeeperConnection.Settings(Duration.ofSeconds(4),
                Duration.ofSeconds(1), 0, Duration.ofSeconds(1));
        String address = "127.0.0.1:" + port;

        StoreException e = assertThrows(StoreException.class, () -> ZooKeeperConnection.open(address, quick));
        assertEquals("cannot reach ZooKeeper at " + address + " within 1 s: is it running?", e.getMessage());
    }

    @Test
    void rejectsMalformedAddresses() {
        for (String bad : new String[] {"", "localhost", "host:port", "a:1,", "http://a:1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ZooKeeperConnection.open(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
