package io.mantis.master.store;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.zookeeper.server.DatadirCleanupManager;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.util.ServiceUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone ZooKeeper server inside this JVM, the master's default store.
 *
 * <p>Snapshots and transaction logs live under {@code <dataDir>/data}, so a master restarted on the same directory
 * finds its jobs again. Writes are fsynced before ZooKeeper acknowledges them (ZooKeeper's default), which is what
 * makes {@link MetadataStore}'s "durable when the call returns" true. The server listens on 127.0.0.1 only, runs no
 * admin HTTP server, and purges old snapshots and logs (keeping the newest three) once an hour.
 *
 * <p>ZooKeeper asks for {@code System.exit} on some fatal errors; starting a server switches that off for the
 * whole JVM (it logs instead), because a store failure must surface as {@link StoreException}s, not kill the master.
 *
 * <p>Thread-safe. {@link #close()} is idempotent and may be called from any thread.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);

    /** Short ticks let tests ask for sessions as short as 1 s; the master may ask for up to 30 s. */
    private static final int TICK_MILLIS = 500;
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(30);
    private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(30);

    private final Server server;
    private final Thread runner;
    private final DatadirCleanupManager purger;
    private final String connectString;
    private final Path dataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedZooKeeper(Server server, Thread runner, DatadirCleanupManager purger, Path dataDir) {
        this.server = server;
        this.runner = runner;
        this.purger = purger;
        this.connectString = "127.0.0.1:" + server.getClientPort();
        this.dataDir = dataDir;
    }

    /**
     * Starts a server and returns once it accepts connections.
     *
     * @param dataDir where ZooKeeper keeps its data (created if missing); reuse it to keep the data across restarts
     * @param port    client port on 127.0.0.1, or 0 for a free one
     * @throws StoreException when the server cannot start (port taken, directory not writable, ...)
     */
    public static EmbeddedZooKeeper start(Path dataDir, int port) {
        Objects.requireNonNull(dataDir, "dataDir is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("ZooKeeper port " + port + " is outside 0-65535: use 0 for a free port");
        }
        Path dir = dataDir.toAbsolutePath();
        Path zkData = dir.resolve("data");
        try {
            Files.createDirectories(zkData);
        } catch (IOException e) {
            throw new StoreException("cannot create ZooKeeper data directory " + zkData + ": " + e.getMessage(), e);
        }
        ServerConfig config = configure(zkData, port);
        ServiceUtils.setSystemExitProcedure(ServiceUtils.LOG_ONLY);

        Server server = new Server();
        Thread runner = new Thread(() -> server.run(config), "embedded-zookeeper");
        runner.setDaemon(true);
        runner.start();
        try {
            server.started.get(STARTUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(server, runner);
            throw new StoreException("interrupted while starting embedded ZooKeeper in " + dir, e);
        } catch (ExecutionException | TimeoutException e) {
            stop(server, runner);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new StoreException("embedded ZooKeeper did not start on 127.0.0.1:" + port + " with data in " + dir
                    + ": " + cause + (port != 0 ? " (is the port taken by another process?)" : ""), cause);
        }
        File snapshots = zkData.toFile();
        DatadirCleanupManager purger = new DatadirCleanupManager(snapshots, snapshots, 3, 1);
        purger.start();
        EmbeddedZooKeeper zk = new EmbeddedZooKeeper(server, runner, purger, dir);
        LOG.info("Embedded ZooKeeper listening on {} with data in {}", zk.connectString, zkData);
        return zk;
    }

    /** {@code 127.0.0.1:NNNN}, the address to give {@link ZooKeeperConnection}. */
    public String connectString() {
        return connectString;
    }

    /** The port the server listens on (the chosen one when started with port 0). */
    public int port() {
        return Integer.parseInt(connectString.substring(connectString.lastIndexOf(':') + 1));
    }

    /** The directory given to {@link #start}. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Stops the server, closing its client connections, and returns once its files are closed, so a new server may
     * start on the same directory. The data stays on disk. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            purger.shutdown();
            stop(server, runner);
            LOG.info("Embedded ZooKeeper on {} stopped", connectString);
        }
    }

    private static ServerConfig configure(Path zkData, int port) {
        Properties properties = new Properties();
        properties.setProperty("dataDir", zkData.toString());
        properties.setProperty("clientPortAddress", "127.0.0.1");
        properties.setProperty("clientPort", Integer.toString(port));
        properties.setProperty("tickTime", Integer.toString(TICK_MILLIS));
        properties.setProperty("maxSessionTimeout", "30000");
        properties.setProperty("maxClientCnxns", "0");
        // ZooKeeper turns unknown keys into "zookeeper.<key>" system properties; this one keeps Jetty off.
        properties.setProperty("admin.enableServer", "false");
        QuorumPeerConfig parsed = new QuorumPeerConfig();
        try {
            parsed.parseProperties(properties);
        } catch (IOException | QuorumPeerConfig.ConfigException e) {
            throw new StoreException("invalid embedded ZooKeeper configuration " + properties + ": "
                    + e.getMessage(), e);
        }
        ServerConfig config = new ServerConfig();
        config.readFrom(parsed);
        return config;
    }

    /**
     * ZooKeeper's shutdown can block for good after a failed start (it joins threads that never ran), so it runs on
     * its own daemon thread and the caller waits a bounded time.
     */
    private static void stop(Server server, Thread runner) {
        Thread closer = new Thread(server::close, "embedded-zookeeper-stop");
        closer.setDaemon(true);
        closer.start();
        long deadline = System.nanoTime() + SHUTDOWN_LIMIT.toNanos();
        try {
            closer.join(SHUTDOWN_LIMIT.toMillis());
            runner.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive() || runner.isAlive()) {
            LOG.warn("Embedded ZooKeeper did not stop within {}", SHUTDOWN_LIMIT);
        }
    }

    /** ZooKeeper's standalone main, reporting when it serves or why it could not. */
    private static final class Server extends ZooKeeperServerMain {

        final CompletableFuture<Void> started = new CompletableFuture<>();

        void run(ServerConfig config) {
            try {
                runFromConfig(config);
                // Returns when close() shuts the server down; a start that never happened is reported here.
                started.completeExceptionally(new IllegalStateException("stopped before it served"));
            } catch (Exception | LinkageError e) {
                if (!started.completeExceptionally(e)) {
                    LOG.error("Embedded ZooKeeper failed", e);
                }
            }
        }

        @Override
        protected void serverStarted() {
            super.serverStarted();
            started.complete(null);
        }
    }
}
