package io.mantis.master.store;

import java.util.List;
import java.util.Optional;

/**
 * A durable tree of small documents (ZooKeeper znodes). Paths are relative to the store's root and use {@code /}
 * ("jobs/word-count-1"). Every write is durable when the call returns. Calls block; they throw
 * {@link StoreException} when the store cannot be reached, and never lose a write silently.
 */
public interface MetadataStore extends AutoCloseable {

    /** Creates or overwrites {@code path}, creating missing parents. */
    void put(String path, byte[] data);

    Optional<byte[]> get(String path);

    /** Names (not paths) of the children of {@code path}, sorted; empty when it has none or does not exist. */
    List<String> children(String path);

    /** Deletes {@code path} and everything under it; nothing happens when it does not exist. */
    void delete(String path);

    @Override
    void close();
}
