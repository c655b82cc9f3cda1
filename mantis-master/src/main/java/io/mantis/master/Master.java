package io.mantis.master;

import java.net.URI;

/** A running master: ZooKeeper (embedded or external), leader election, scheduler, REST API. */
public final class Master implements AutoCloseable {

    private Master() {
    }

    /** Starts a master and returns once its REST API answers (as leader or standby). */
    public static Master start(MasterConfig config) {
        throw new UnsupportedOperationException("not yet wired");
    }

    /** e.g. {@code http://127.0.0.1:8100}; the REST API is under {@code /api/v1}, metrics at {@code /metrics}. */
    public URI url() {
        throw new UnsupportedOperationException("not yet wired");
    }

    /** {@code host:port} of the ZooKeeper the master uses. */
    public String zookeeper() {
        throw new UnsupportedOperationException("not yet wired");
    }

    /** Stops the master; running workers keep running and are re-adopted by the next master. Idempotent. */
    @Override
    public void close() {
    }
}
