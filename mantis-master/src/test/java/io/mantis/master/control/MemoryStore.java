package io.mantis.master.control;

import io.mantis.master.store.MetadataStore;
import io.mantis.master.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link MetadataStore} in memory for tests; can be told to fail every write, as an unreachable ZooKeeper does. */
final class MemoryStore implements MetadataStore {

    private final Map<String, byte[]> data = new ConcurrentSkipListMap<>();
    private volatile boolean failing;

    /** From now on every call throws {@link StoreException} (true), or works again (false). */
    void failing(boolean fail) {
        this.failing = fail;
    }

    @Override
    public void put(String path, byte[] bytes) {
        check(path);
        data.put(path, bytes.clone());
    }

    @Override
    public Optional<byte[]> get(String path) {
        check(path);
        return Optional.ofNullable(data.get(path)).map(byte[]::clone);
    }

    @Override
    public List<String> children(String path) {
        check(path);
        String prefix = path + "/";
        List<String> names = new ArrayList<>();
        for (String key : data.keySet()) {
            if (key.startsWith(prefix) && key.indexOf('/', prefix.length()) < 0) {
                names.add(key.substring(prefix.length()));
            }
        }
        return names;
    }

    @Override
    public void delete(String path) {
        check(path);
        data.keySet().removeIf(k -> k.equals(path) || k.startsWith(path + "/"));
    }

    @Override
    public void close() {
    }

    private void check(String path) {
        if (failing) {
            throw new StoreException("test store is down: " + path, null);
        }
    }
}
