package io.mantis.master.resources.mesos;

import io.mantis.master.resources.Lease;
import io.mantis.master.resources.ResourceListener;
import io.mantis.master.resources.WorkerStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** Records the provider's callbacks; the stage answering each status and the live workers are set by the test. */
final class ProviderListener implements ResourceListener {

    final List<Lease> leases = new CopyOnWriteArrayList<>();
    final List<String> rescinded = new CopyOnWriteArrayList<>();
    final List<String> agentsLost = new CopyOnWriteArrayList<>();
    final List<WorkerStatus> statuses = new CopyOnWriteArrayList<>();
    volatile Function<WorkerStatus, CompletionStage<Void>> answer = s -> CompletableFuture.completedFuture(null);
    volatile Map<String, String> live = Map.of();

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

    @Override
    public Map<String, String> liveWorkers() {
        return live;
    }

    /** Polls {@code condition} every 5 ms for up to 10 s. */
    static void await(BooleanSupplier condition, String what) {
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
}
