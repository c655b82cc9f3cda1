package io.mantis.master.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * {@link MetadataStore} over ZooKeeper through Curator: one document per znode, paths relative to the client's
 * namespace.
 *
 * <p>Parents are created as ordinary persistent znodes, not containers: ZooKeeper deletes an emptied container even
 * when a document was later written into it, and that would lose a write silently. Empty parents therefore stay
 * until {@link #delete} removes them; a parent that was never written reads as an empty document.
 *
 * <p>Thread-safe: every call is one or a few ZooKeeper operations, retried by Curator's retry policy. Closing the
 * store does not close the Curator client, which belongs to whoever opened the {@link ZooKeeperConnection}; after
 * {@link #close()} every call throws {@link StoreException}.
 */
public final class ZkMetadataStore implements MetadataStore {

    /** ZooKeeper refuses packets over 1 MB (jute.maxbuffer); keep headroom for the request around the data. */
    public static final int MAX_DOCUMENT_BYTES = 900 * 1024;

    private final CuratorFramework curator;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param curator a started client; not closed by this store */
    public ZkMetadataStore(CuratorFramework curator) {
        this.curator = Objects.requireNonNull(curator, "curator is null");
    }

    @Override
    public void put(String path, byte[] data) {
        String znode = StorePaths.toZnode(path, false);
        Objects.requireNonNull(data, () -> "data for '" + path + "' is null: write an empty array instead");
        if (data.length > MAX_DOCUMENT_BYTES) {
            throw new StoreException("document '" + path + "' is " + data.length + " bytes, over the limit of "
                    + MAX_DOCUMENT_BYTES + " bytes a ZooKeeper node can hold: keep large data elsewhere "
                    + "(e.g. the artifact store) and store a reference", null);
        }
        ensureOpen(path);
        try {
            curator.create().orSetData().creatingParentsIfNeeded().forPath(znode, data);
        } catch (Exception e) {
            throw failure("write", path, e);
        }
    }

    @Override
    public Optional<byte[]> get(String path) {
        String znode = StorePaths.toZnode(path, false);
        ensureOpen(path);
        try {
            return Optional.of(curator.getData().forPath(znode));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw failure("read", path, e);
        }
    }

    @Override
    public List<String> children(String path) {
        String znode = StorePaths.toZnode(path, true);
        ensureOpen(path);
        try {
            List<String> names = new ArrayList<>(curator.getChildren().forPath(znode));
            if (znode.equals("/") && curator.getNamespace().isEmpty()) {
                // Without a namespace the root also holds ZooKeeper's own /zookeeper, which is not a document.
                names.remove("zookeeper");
            }
            names.sort(null);
            return List.copyOf(names);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw failure("list", path, e);
        }
    }

    @Override
    public void delete(String path) {
        String znode = StorePaths.toZnode(path, false);
        ensureOpen(path);
        try {
            curator.delete().deletingChildrenIfNeeded().forPath(znode);
        } catch (KeeperException.NoNodeException e) {
            // Already gone: delete is idempotent.
        } catch (Exception e) {
            throw failure("delete", path, e);
        }
    }

    /** Makes later calls fail; the Curator client stays open. Idempotent. */
    @Override
    public void close() {
        closed.set(true);
    }

    private void ensureOpen(String path) {
        if (closed.get()) {
            throw new StoreException("cannot use '" + path + "': the store is closed", null);
        }
    }

    private static StoreException failure(String verb, String path, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        String reason = e instanceof KeeperException ke ? ke.code().name().toLowerCase() : e.toString();
        return new StoreException("cannot " + verb + " '" + path + "' in ZooKeeper: " + reason, e);
    }
}
