package io.mantis.runtime.local;

import io.mantis.runtime.worker.Assignment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job started by {@link LocalJobRunner}. It completes when every worker's stream completed, and fails as
 * soon as one worker fails, stopping the others. {@link #close()} stops every worker it started.
 */
public final class LocalJob implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);

    private final String jobId;
    private final String jobJar;
    private final List<Integer> stageWorkers;
    private final Map<String, String> parameters;
    private final WorkerLauncher launcher;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    /** Current workers, by stage then index. Guarded by this. */
    private final List<List<RunningWorker>> workers = new ArrayList<>();
    /** Workers that were replaced on purpose; their end is not the job's. Guarded by this. */
    private final Set<RunningWorker> retired = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;
    /** Every worker of every stage has been launched. Guarded by this. */
    private boolean launched;

    LocalJob(String jobId, String jobJar, List<Integer> stageWorkers, Map<String, String> parameters,
             WorkerLauncher launcher) {
        this.jobId = jobId;
        this.jobJar = jobJar;
        this.stageWorkers = List.copyOf(stageWorkers);
        this.parameters = Map.copyOf(parameters);
        this.launcher = launcher;
    }

    /** Starts stage 1 first, so each later stage can be given the addresses of the one before it. */
    void launchAll() throws Exception {
        for (int stage = 1; stage <= stageWorkers.size(); stage++) {
            List<String> upstreams = stage == 1 ? List.of() : addresses(stage - 1);
            List<RunningWorker> started = new ArrayList<>();
            synchronized (this) {
                workers.add(started);
            }
            for (int index = 0; index < stageWorkers.get(stage - 1); index++) {
                throwIfFailed();
                RunningWorker w = launcher.launch(assignment(stage, index, 1, upstreams));
                synchronized (this) {
                    started.add(w);
                }
                watch(w);
            }
        }
        synchronized (this) {
            launched = true;
        }
        // Workers that ended while later stages were still starting did not count yet; count them now.
        completeIfAllDone();
    }

    /**
     * A worker that fails while the job is still starting ends the job; report its error, not whatever the
     * next launch runs into on the torn-down job.
     */
    void throwIfFailed() throws JobFailedException {
        if (completion.isCompletedExceptionally()) {
            try {
                completion.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof JobFailedException failed) {
                    throw failed;
                }
                throw new JobFailedException("job " + jobId + " failed while starting: " + e.getCause(), e.getCause());
            }
        }
    }

    private Assignment assignment(int stage, int index, int number, List<String> upstreams) {
        return new Assignment(jobId, jobJar, stage, index, number, stageWorkers, parameters, "127.0.0.1",
                0, 0, 0, upstreams);
    }

    private synchronized List<String> addresses(int stage) {
        List<String> out = new ArrayList<>();
        for (RunningWorker w : workers.get(stage - 1)) {
            out.add(w.dataAddress());
        }
        return out;
    }

    private void watch(RunningWorker worker) {
        worker.exit().whenComplete((ok, error) -> workerEnded(worker, error));
    }

    private void workerEnded(RunningWorker worker, Throwable error) {
        synchronized (this) {
            if (retired.contains(worker) || closed) {
                return;
            }
        }
        if (error == null) {
            completeIfAllDone();
        } else {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            LOG.error("job {} failed: {}", jobId, cause.getMessage());
            completion.completeExceptionally(new JobFailedException("job " + jobId + " failed: " + cause.getMessage(),
                    cause));
            close();
        }
    }

    /** The job is done once all workers were launched and each current one ended normally. */
    private void completeIfAllDone() {
        boolean allDone;
        synchronized (this) {
            allDone = launched && !closed && workers.stream().flatMap(List::stream)
                    .allMatch(w -> w.exit().isDone() && !w.exit().isCompletedExceptionally());
        }
        if (allDone) {
            completion.complete(null);
        }
    }

    public String jobId() {
        return jobId;
    }

    /** The current workers of stage {@code stageNumber} (1-based), by index. */
    public synchronized List<WorkerHandle> workers(int stageNumber) {
        if (stageNumber < 1 || stageNumber > workers.size()) {
            throw new IllegalArgumentException("job " + jobId + " has stages 1.." + workers.size()
                    + ", not " + stageNumber);
        }
        return List.copyOf(workers.get(stageNumber - 1));
    }

    /** Completes when every worker ended normally; fails with {@link JobFailedException} when one failed. */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /** Waits for {@link #completion()}. */
    public void awaitCompletion(Duration timeout) throws JobFailedException, TimeoutException, InterruptedException {
        try {
            completion.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JobFailedException failed) {
                throw failed;
            }
            throw new JobFailedException("job " + jobId + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new TimeoutException("job " + jobId + " did not complete within " + timeout);
        }
    }

    /**
     * Stops worker {@code index} of stage {@code stageNumber} abruptly and starts its replacement (same index,
     * next number); the next stage's workers are told the new address.
     */
    public WorkerHandle replaceWorker(int stageNumber, int index) throws Exception {
        RunningWorker old;
        synchronized (this) {
            old = (RunningWorker) workers(stageNumber).get(index);
            retired.add(old);
        }
        old.kill();
        old.stop();
        List<String> upstreams = stageNumber == 1 ? List.of() : addresses(stageNumber - 1);
        RunningWorker replacement = launcher.launch(assignment(stageNumber, index, old.number() + 1, upstreams));
        synchronized (this) {
            workers.get(stageNumber - 1).set(index, replacement);
        }
        watch(replacement);
        if (stageNumber < stageWorkers.size()) {
            List<String> moved = addresses(stageNumber);
            for (WorkerHandle downstream : workers(stageNumber + 1)) {
                ((RunningWorker) downstream).setUpstreams(moved);
            }
        }
        LOG.info("job {}: replaced {} by {}", jobId, old, replacement);
        return replacement;
    }

    @Override
    public void close() {
        List<RunningWorker> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>();
            workers.forEach(all::addAll);
        }
        for (RunningWorker w : all) {
            try {
                w.stop();
            } catch (RuntimeException e) {
                LOG.warn("job {}: stopping {} failed", jobId, w, e);
            }
        }
        launcher.close();
        completion.completeExceptionally(new JobFailedException("job " + jobId + " was stopped", null));
    }
}
