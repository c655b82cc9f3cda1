package io.mantis.master.control;

import io.mantis.master.resources.AgentState;
import io.mantis.master.resources.Lease;
import io.mantis.master.resources.ResourceListener;
import io.mantis.master.resources.ResourceProvider;
import io.mantis.protocol.LaunchRequest;
import io.mantis.protocol.WorkerId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ResourceProvider} that records what the control plane asks of it; the test offers leases and reports
 * worker states through the listener it was started with. Each launch keeps the job documents as stored at the
 * moment of the launch, so a test can check that the placement was written first.
 */
final class RecordingProvider implements ResourceProvider {

    record Launch(String agentId, List<String> leaseIds, List<LaunchRequest> workers, Map<String, String> storedJobs) {
    }

    record Kill(String agentId, String workerId, String reason) {
    }

    final List<Launch> launches = new CopyOnWriteArrayList<>();
    final List<Kill> kills = new CopyOnWriteArrayList<>();
    final List<String> declined = new CopyOnWriteArrayList<>();
    private final MemoryStore store;
    private final AtomicInteger nextLease = new AtomicInteger();
    volatile ResourceListener listener;
    volatile boolean closed;

    RecordingProvider(MemoryStore store) {
        this.store = store;
    }

    @Override
    public void start(ResourceListener newListener) {
        this.listener = newListener;
    }

    /** Offers one perpetual-pool lease of the agent: 8 cpus, 8 GB, ports 9000-9099. */
    String offer(String agentId) {
        String id = agentId + "-lease-" + nextLease.incrementAndGet();
        listener.onLease(new Lease(id, agentId, "127.0.0.1", 8, 8192, 1000, 10_000,
                List.of(new Lease.PortRange(9000, 9099)), Map.of("pool", "perpetual"), System.currentTimeMillis()));
        return id;
    }

    /** Workers launched so far, in launch order. */
    List<String> launchedWorkers() {
        return launches.stream().flatMap(l -> l.workers().stream()).map(LaunchRequest::workerId).toList();
    }

    @Override
    public void launch(String agentId, List<String> leaseIds, List<LaunchRequest> workers) {
        Map<String, String> stored = new java.util.TreeMap<>();
        for (LaunchRequest w : workers) {
            String jobId = WorkerId.parse(w.workerId()).jobId();
            store.get("jobs/" + jobId).ifPresent(b -> stored.put(jobId, new String(b, StandardCharsets.UTF_8)));
        }
        launches.add(new Launch(agentId, List.copyOf(leaseIds), List.copyOf(workers), stored));
    }

    @Override
    public void decline(List<String> leaseIds) {
        declined.addAll(leaseIds);
    }

    @Override
    public void kill(String agentId, String workerId, String reason) {
        kills.add(new Kill(agentId, workerId, reason));
    }

    @Override
    public List<AgentState> agents() {
        return List.of();
    }

    @Override
    public void close() {
        closed = true;
    }
}
