package io.mantis.master.resources.mesos;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.store.EmbeddedZooKeeper;
import io.mantis.master.store.ZooKeeperConnection;
import java.net.URI;
import java.nio.file.Path;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderFinderTest {

    @TempDir
    Path dir;

    @Test
    void aListIsTriedInTurnAndA307OverridesIt() {
        try (LeaderFinder finder = LeaderFinder.of("m1:5050, http://m2:5050")) {
            URI first = finder.leader();
            assertEquals(URI.create("http://m1:5050/api/v1/scheduler"), first);
            finder.failed(first);
            assertEquals(URI.create("http://m2:5050/api/v1/scheduler"), finder.leader());
            URI redirect = URI.create("http://m3:5050/api/v1/scheduler");
            finder.redirected(redirect);
            assertEquals(redirect, finder.leader());
            finder.failed(redirect);
            assertEquals(URI.create("http://m2:5050/api/v1/scheduler"), finder.leader());
        }
    }

    @Test
    void zooKeeperNamesTheMasterWithTheLowestSequence() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0);
             ZooKeeperConnection connection = ZooKeeperConnection.open(zk.connectString())) {
            CuratorFramework raw = connection.curator().usingNamespace(null);
            raw.create().creatingParentsIfNeeded().forPath("/mesos/json.info_0000000007",
                    "{\"address\":{\"ip\":\"10.0.0.7\",\"port\":5050}}".getBytes(UTF_8));
            raw.create().forPath("/mesos/json.info_0000000003",
                    "{\"address\":{\"ip\":\"10.0.0.3\",\"port\":5051},\"hostname\":\"m3\"}".getBytes(UTF_8));
            raw.create().forPath("/mesos/log_replicas", new byte[0]);
            try (LeaderFinder finder = LeaderFinder.of("zk://" + zk.connectString() + "/mesos")) {
                assertEquals(URI.create("http://10.0.0.3:5051/api/v1/scheduler"), finder.leader());
            }
        }
    }

    @Test
    void badSpecsAreRefusedNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LeaderFinder.of("zk://h:2181"));
        assertTrue(e.getMessage().contains("zk://h:2181"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LeaderFinder.of("ftp://m1:5050"));
        assertTrue(e.getMessage().contains("ftp://m1:5050"), e.getMessage());
    }
}
