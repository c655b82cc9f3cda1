package io.mantis.master.resources.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * Finds the scheduler endpoint ({@code http://host:port/api/v1/scheduler}) of the leading Mesos master, from
 * either a list of masters ({@code http://m1:5050,m2:5050}: tried in turn, moving on after a failure) or ZooKeeper
 * ({@code zk://zk1:2181,zk2:2181/mesos}: the master with the lowest {@code json.info_<seq>} child leads; its data is
 * {@code MasterInfo} JSON). A {@code 307} from a non-leading master overrides both until that master fails too.
 *
 * <p>Thread-safe. {@link #leader()} blocks on ZooKeeper; call it off event loops. Owns its Curator client.
 */
final class LeaderFinder implements AutoCloseable {

    static final String SCHEDULER_PATH = "/api/v1/scheduler";
    private static final String INFO_PREFIX = "json.info_";

    private final List<URI> masters;
    private final CuratorFramework curator;
    private final String zkPath;
    private final ObjectMapper json = new ObjectMapper();
    private int next;
    private URI redirected;

    private LeaderFinder(List<URI> masters, CuratorFramework curator, String zkPath) {
        this.masters = masters;
        this.curator = curator;
        this.zkPath = zkPath;
    }

    /** @throws IllegalArgumentException naming the value when {@code spec} is neither a URL list nor a zk:// URL */
    static LeaderFinder of(String spec) {
        String text = spec.strip();
        if (text.startsWith("zk://")) {
            String rest = text.substring("zk://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new IllegalArgumentException("Mesos master '" + spec + "' lacks hosts or a path: give "
                        + "zk://host:2181[,host2:2181]/mesos");
            }
            CuratorFramework curator = CuratorFrameworkFactory.newClient(rest.substring(0, slash), 30_000, 10_000,
                    new ExponentialBackoffRetry(250, 5));
            return new LeaderFinder(List.of(), curator, rest.substring(slash));
        }
        List<URI> masters = new ArrayList<>();
        for (String part : text.split(",")) {
            String m = part.strip();
            if (m.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = URI.create(m.contains("://") ? m : "http://" + m);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Mesos master '" + m + "' is not a URL: give http://host:5050",
                        e);
            }
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("Mesos master '" + m + "' is not an http://host:port URL "
                        + "(or give zk://host:2181/mesos)");
            }
            masters.add(uri.resolve(SCHEDULER_PATH));
        }
        if (masters.isEmpty()) {
            throw new IllegalArgumentException("Mesos master '" + spec + "' names no master");
        }
        return new LeaderFinder(List.copyOf(masters), null, null);
    }

    /**
     * The endpoint to subscribe to now.
     *
     * @throws IllegalStateException when ZooKeeper cannot be read or names no master; try again later
     */
    synchronized URI leader() {
        if (redirected != null) {
            return redirected;
        }
        if (curator == null) {
            return masters.get(next % masters.size());
        }
        return fromZooKeeper();
    }

    /** Where a non-leading master sent us. */
    synchronized void redirected(URI endpoint) {
        redirected = endpoint;
    }

    /** {@code endpoint} did not answer usefully: the next {@link #leader()} tries another. */
    synchronized void failed(URI endpoint) {
        if (endpoint.equals(redirected)) {
            redirected = null;
        } else if (curator == null && endpoint.equals(masters.get(next % masters.size()))) {
            next++;
        }
    }

    @Override
    public synchronized void close() {
        if (curator != null) {
            curator.close();
        }
    }

    private URI fromZooKeeper() {
        try {
            if (curator.getState() != org.apache.curator.framework.imps.CuratorFrameworkState.STARTED) {
                curator.start();
            }
            if (!curator.blockUntilConnected(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("ZooKeeper " + curator.getZookeeperClient().getCurrentConnectionString()
                        + " not reachable within 10 s");
            }
            String leader = curator.getChildren().forPath(zkPath).stream()
                    .filter(c -> c.startsWith(INFO_PREFIX))
                    .min(Comparator.comparingLong(c -> Long.parseLong(c.substring(INFO_PREFIX.length()))))
                    .orElseThrow(() -> new IllegalStateException("no Mesos master is registered under " + zkPath
                            + " in ZooKeeper"));
            JsonNode info = json.readTree(curator.getData().forPath(zkPath + "/" + leader));
            JsonNode address = info.path("address");
            String host = address.path("ip").asText(address.path("hostname").asText(info.path("hostname").asText()));
            int port = address.path("port").asInt(info.path("port").asInt(0));
            if (host.isEmpty() || port <= 0) {
                throw new IllegalStateException("the MasterInfo in " + zkPath + "/" + leader
                        + " has no address.ip and address.port: " + info);
            }
            return URI.create("http://" + host + ":" + port + SCHEDULER_PATH);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the Mesos leader from ZooKeeper", e);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the Mesos leader under " + zkPath + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the Mesos leader under " + zkPath + " from ZooKeeper: " + e,
                    e);
        }
    }
}
