package io.mantis.runtime.admin;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link AdminHandler} that remembers what it was told; thread-safe, since the event loop calls it. */
final class RecordingHandler implements AdminHandler {

    final List<List<InetSocketAddress>> upstreamCalls = new CopyOnWriteArrayList<>();
    final List<Integer> downstreamCalls = new CopyOnWriteArrayList<>();
    volatile Map<String, Object> health = Map.of("state", "RUNNING");
    volatile RuntimeException failure;

    @Override
    public Map<String, Object> health() {
        failIfAsked();
        return health;
    }

    @Override
    public void setUpstreams(List<InetSocketAddress> upstreams) {
        failIfAsked();
        upstreamCalls.add(upstreams);
    }

    @Override
    public void setDownstreamWorkers(int count) {
        failIfAsked();
        downstreamCalls.add(count);
    }

    private void failIfAsked() {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
    }
}
