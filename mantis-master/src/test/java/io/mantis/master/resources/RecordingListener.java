package io.mantis.master.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Records every callback of a provider under test; answers worker statuses through a replaceable function (completed
 * stages by default) and reports the live workers the test sets.
 */
public final class RecordingListener implements ResourceListener {

    public final List<Lease> leases = new CopyOnWriteArrayList<>();
    public final List<String> rescinded = new CopyOnWriteArrayList<>();
    public final List<String> agentsLost = new CopyOnWriteArrayList<>();
    public final List<WorkerStatus> statuses = new CopyOnWriteArrayList<>();
    public volatile Function<WorkerStatus, CompletionStage<Void>> answer = s -> CompletableFuture.completedFuture(null);
    public volatile Map<String, String> live = Map.of();

    @Override
    public void onLease(Lease lease) {
        leases.add(lease);
    }

    @Override
    public void onLeaseRescinded(String leaseId) {
        rescinded.add(leaseId);
    }

    @Override
    public void onAgentLost(String agentId, String reason) {
        agentsLost.add(agentId + ": " + reason);
    }

    @Override
    public CompletionStage<Void> onWorkerStatus(WorkerStatus status) {
        statuses.add(status);
        return answer.apply(status);
    }

    public List<WorkerStatus> statusesOf(String workerId) {
        List<WorkerStatus> of = new ArrayList<>();
        for (WorkerStatus s : statuses) {
            if (s.workerId().equals(workerId)) {
                of.add(s);
            }
        }
        return of;
    }

    /** Waits up to 10 s for the lease with this index (0-based, in offer order). */
    public Lease lease(int index) {
        await(() -> leases.size() > index, "lease #" + index + " (have " + leases + ")");
        return leases.get(index);
    }

    /** Polls {@code condition} every 5 ms for up to 10 s. */
    public static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public Map<String, String> liveWorkers() {
        return live;
    }
}
