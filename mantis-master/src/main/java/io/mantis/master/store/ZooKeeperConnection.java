package io.mantis.master.store;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started Curator client under the namespace {@code mantis}, shared by the store and leader election.
 *
 * <p>{@link #open} returns only once the client is connected; closing the connection ends its session, which
 * releases leadership and ephemeral nodes. Thread-safe; {@link #close()} is idempotent.
 */
public final class ZooKeeperConnection implements AutoCloseable {

    /** Every znode of the platform lives under {@code /mantis}, so one ensemble can serve other users too. */
    public static final String NAMESPACE = "mantis";

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperConnection.class);
    private static final Pattern HOST_PORT_LIST =
            Pattern.compile("[^,:/\\s]+:\\d{1,5}(,[^,:/\\s]+:\\d{1,5})*(/[^\\s]*)?");

    private final CuratorFramework curator;
    private final String connectString;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ZooKeeperConnection(CuratorFramework curator, String connectString) {
        this.curator = curator;
        this.connectString = connectString;
    }

    /**
     * How the client talks to ZooKeeper.
     *
     * @param sessionTimeout    how long ZooKeeper keeps the session (and leadership) while the client is silent
     * @param connectionTimeout how long one operation waits for a connection before it counts as a failed try
     * @param retries           retries of a failed operation, with exponential backoff from 200 ms
     * @param startupLimit      how long {@link #open} waits for the first connection
     */
    public record Settings(Duration sessionTimeout, Duration connectionTimeout, int retries, Duration startupLimit) {

        public Settings {
            requirePositive(sessionTimeout, "sessionTimeout");
            requirePositive(connectionTimeout, "connectionTimeout");
            requirePositive(startupLimit, "startupLimit");
            if (retries < 0) {
                throw new IllegalArgumentException("retries is " + retries + ": use 0 or more");
            }
        }

        /** The master's settings: 15 s sessions, 5 s connection timeout, 3 retries, 10 s to connect. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(15), Duration.ofSeconds(5), 3, Duration.ofSeconds(10));
        }

        private static void requirePositive(Duration value, String name) {
            Objects.requireNonNull(value, name + " is null");
            if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " is " + value + ": use a positive duration");
            }
        }
    }

    /** Connects with {@link Settings#defaults()}. */
    public static ZooKeeperConnection open(String connectString) {
        return open(connectString, Settings.defaults());
    }

    /**
     * Starts a client and waits until it is connected.
     *
     * @param connectString {@code host:port[,host:port...]}, e.g. {@code 127.0.0.1:2181}
     * @throws IllegalArgumentException when the connect string is malformed
     * @throws StoreException           when no server answers within {@code settings.startupLimit()}
     */
    public static ZooKeeperConnection open(String connectString, Settings settings) {
        Objects.requireNonNull(settings, "settings is null");
        if (connectString == null || !HOST_PORT_LIST.matcher(connectString).matches()) {
            throw new IllegalArgumentException("ZooKeeper address '" + connectString
                    + "' is not a list of host:port: write it like 127.0.0.1:2181 or zk1:2181,zk2:2181");
        }
        CuratorFramework curator = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .namespace(NAMESPACE)
                .sessionTimeoutMs((int) settings.sessionTimeout().toMillis())
                .connectionTimeoutMs((int) settings.connectionTimeout().toMillis())
                .retryPolicy(new ExponentialBackoffRetry(200, settings.retries()))
                .build();
        curator.start();
        long limitMillis = settings.startupLimit().toMillis();
        boolean connected;
        try {
            connected = curator.blockUntilConnected((int) limitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            curator.close();
            throw new StoreException("interrupted while connecting to ZooKeeper at " + connectString, e);
        }
        if (!connected) {
            curator.close();
            throw new StoreException("cannot reach ZooKeeper at " + connectString + " within "
                    + describe(settings.startupLimit()) + ": is it running?", null);
        }
        LOG.info("Connected to ZooKeeper at {} (namespace /{})", connectString, NAMESPACE);
        return new ZooKeeperConnection(curator, connectString);
    }

    /** The started client; its paths are relative to {@code /mantis}. Do not close it: close this instead. */
    public CuratorFramework curator() {
        return curator;
    }

    public String connectString() {
        return connectString;
    }

    /** Closes the client and ends its session. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            curator.close();
            LOG.info("Disconnected from ZooKeeper at {}", connectString);
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
