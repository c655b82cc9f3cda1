package io.mantis.executor.agent;

import io.mantis.executor.cgroup.Isolation;
import io.mantis.executor.cgroup.WorkerCgroup;
import io.mantis.protocol.LaunchRequest;
import io.mantis.protocol.WorkerReport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of one agent: launches them (download, assignment file, cgroup, JVM), kills them, and keeps each
 * one's report until the master says to forget it. Thread-safe; the map is guarded by this object's monitor.
 */
final class WorkerProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcesses.class);

    private final Path workDir;
    private final Isolation isolation;
    private final ArtifactCache artifacts;
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final Duration killGrace;
    private final Runnable onChange;
    private final String classPath;
    // @GuardedBy("this"), in launch order
    private final Map<String, WorkerProcess> workers = new LinkedHashMap<>();

    /**
     * @param executor  runs launches and supervision; needs a thread per live worker (a cached pool)
     * @param killGrace how long a worker has between SIGTERM and SIGKILL
     * @param onChange  runs when a worker starts running or exits (the agent heartbeats at once)
     * @param classPath the class path of worker JVMs: holds the runtime and its libraries
     */
    WorkerProcesses(Path workDir, Isolation isolation, ArtifactCache artifacts, ExecutorService executor,
                    ScheduledExecutorService timer, Duration killGrace, Runnable onChange, String classPath) {
        this.workDir = workDir;
        this.isolation = isolation;
        this.artifacts = artifacts;
        this.executor = executor;
        this.timer = timer;
        this.killGrace = killGrace;
        this.onChange = onChange;
        this.classPath = classPath;
    }

    /** Begins launching {@code request} (already validated) and returns at once; a known worker id is ignored. */
    void launch(LaunchRequest request) {
        WorkerProcess worker;
        synchronized (this) {
            if (workers.containsKey(request.workerId())) {
                LOG.info("worker {} is already known here: launch ignored", request.workerId());
                return;
            }
            worker = new WorkerProcess(request.workerId(), workDir.resolve("workers").resolve(request.workerId()),
                    request.memoryMB(), executor, w -> onChange.run());
            workers.put(request.workerId(), worker);
        }
        executor.execute(() -> prepareAndStart(worker, request));
    }

    private void prepareAndStart(WorkerProcess worker, LaunchRequest request) {
        Path dir = workDir.resolve("workers").resolve(request.workerId());
        Path jar;
        try {
            jar = artifacts.fetch(request.artifactSha256(), URI.create(request.artifactUrl()));
        } catch (IOException | RuntimeException e) {
            worker.failBeforeStart("could not download the job JAR: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.failBeforeStart("could not download the job JAR: interrupted");
            return;
        }
        if (worker.killRequested()) {
            worker.failBeforeStart(WorkerProcess.KILLED);
            return;
        }
        Path assignmentFile = dir.resolve("assignment.json");
        try {
            Files.createDirectories(dir);
            WorkerCommands.writeAssignment(request.assignmentJson(), jar, assignmentFile);
        } catch (IOException | IllegalArgumentException e) {
            worker.failBeforeStart("could not write the assignment to " + assignmentFile + ": " + e.getMessage());
            return;
        }
        WorkerCgroup cgroup;
        try {
            cgroup = isolation.create(request.workerId(), request.cpus(), request.memoryMB());
        } catch (IOException e) {
            worker.failBeforeStart("could not create its cgroup: " + e.getMessage());
            return;
        }
        Map<String, String> env = request.token() == null ? Map.of() : Map.of("MANTIS_TOKEN", request.token());
        try {
            worker.start(cgroup.wrap(WorkerCommands.command(classPath, request, assignmentFile)), env, cgroup);
        } catch (IOException e) {
            cgroup.remove();
            worker.failBeforeStart("could not start the worker's JVM: " + e.getMessage());
        }
    }

    /** SIGTERM, then SIGKILL after the grace period. @return false when no such worker is known */
    boolean kill(String workerId) {
        WorkerProcess worker;
        synchronized (this) {
            worker = workers.get(workerId);
        }
        if (worker == null) {
            return false;
        }
        worker.kill(killGrace, timer);
        return true;
    }

    /** Stops reporting the given workers, those that have exited; others are kept. */
    synchronized void forget(List<String> workerIds) {
        for (String id : workerIds) {
            WorkerProcess w = workers.get(id);
            if (w != null && w.report().status() == WorkerReport.Status.EXITED) {
                workers.remove(id);
            }
        }
    }

    synchronized List<WorkerReport> reports() {
        List<WorkerReport> reports = new ArrayList<>();
        workers.values().forEach(w -> reports.add(w.report()));
        return reports;
    }

    /** Kills every worker and waits up to the grace period plus {@code extra} for all of them to exit. */
    void killAll(Duration extra) {
        List<WorkerProcess> all;
        synchronized (this) {
            all = new ArrayList<>(workers.values());
        }
        all.forEach(w -> w.kill(killGrace, timer));
        CompletableFuture<?>[] ends = all.stream().map(WorkerProcess::exited).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(ends).get(killGrace.plus(extra).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("some workers had not exited {} after SIGTERM", killGrace.plus(extra));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("waiting for workers to exit failed", e);
        }
    }
}
