package io.mantis.executor.agent;

import io.mantis.executor.cgroup.WorkerCgroup;
import io.mantis.protocol.WorkerReport;
import io.mantis.protocol.WorkerReport.Status;
import io.mantis.runtime.worker.WorkerMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One supervised worker: {@code STARTING} until its process prints the ready line, {@code RUNNING} while it lives,
 * {@code EXITED} with an exit code and a reason in words. Standard output is copied to {@code stdout.log} in the
 * worker's directory (read line by line to see the ready line), standard error goes to {@code stderr.log}.
 *
 * <p>Thread-safe; state lives under this object's monitor. {@code onChange} runs after every change of status,
 * on a supervising thread, never under the monitor.
 */
public final class WorkerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);
    /** The reason of a worker that ended after {@link #kill}. */
    public static final String KILLED = "killed on request";

    private final String workerId;
    private final Path dir;
    private final double memoryMB;
    private final Executor executor;
    private final Consumer<WorkerProcess> onChange;
    private final CompletableFuture<WorkerReport> exited = new CompletableFuture<>();

    // @GuardedBy("this")
    private Status status = Status.STARTING;
    private Integer exitCode;
    private String reason;
    private boolean killRequested;
    private Process process;

    /**
     * @param dir      the process's working directory, created by the caller; gets stdout.log and stderr.log
     * @param executor runs the supervision of the process (its output reader and exit handling)
     */
    public WorkerProcess(String workerId, Path dir, double memoryMB, Executor executor,
                         Consumer<WorkerProcess> onChange) {
        this.workerId = workerId;
        this.dir = dir;
        this.memoryMB = memoryMB;
        this.executor = executor;
        this.onChange = onChange;
    }

    public String workerId() {
        return workerId;
    }

    public synchronized WorkerReport report() {
        return new WorkerReport(workerId, status, exitCode, reason);
    }

    /** Completes with the final report once the worker has exited (or failed to start). */
    public CompletableFuture<WorkerReport> exited() {
        return exited;
    }

    /**
     * Starts {@code command} (already wrapped into {@code cgroup}) unless a kill came first.
     *
     * @throws IOException when the process cannot be started; the worker is then still {@code STARTING}
     */
    public void start(List<String> command, Map<String, String> env, WorkerCgroup cgroup) throws IOException {
        Process p;
        WorkerReport killedFirst = null;
        synchronized (this) {
            if (status != Status.STARTING) {
                return;
            }
            if (killRequested) {
                killedFirst = endBeforeStart(KILLED);
                p = null;
            } else {
                ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectError(dir.resolve("stderr.log").toFile());
                builder.environment().putAll(env);
                p = builder.start();
                process = p;
            }
        }
        if (killedFirst != null) {
            cgroup.remove();
            announceEnd(killedFirst);
            return;
        }
        LOG.info("worker {} started as process {}", workerId, p.pid());
        executor.execute(() -> copyOutput(p));
        p.onExit().thenRunAsync(() -> ended(p, cgroup), executor);
    }

    /** Ends a worker that never got a process: exit code -1 and {@code reason}. */
    public void failBeforeStart(String reason) {
        WorkerReport end;
        synchronized (this) {
            if (status == Status.EXITED) {
                return;
            }
            end = endBeforeStart(killRequested ? KILLED : reason);
        }
        LOG.warn("worker {} did not start: {}", workerId, end.reason());
        announceEnd(end);
    }

    // @GuardedBy("this")
    private WorkerReport endBeforeStart(String why) {
        status = Status.EXITED;
        exitCode = -1;
        reason = why;
        return new WorkerReport(workerId, status, exitCode, reason);
    }

    /** Outside the monitor: listeners may call back into this worker. */
    private void announceEnd(WorkerReport end) {
        onChange.accept(this);
        exited.complete(end);
    }

    /** SIGTERM now, SIGKILL after {@code grace}; a worker not started yet never starts. */
    public void kill(Duration grace, ScheduledExecutorService timer) {
        Process p;
        synchronized (this) {
            if (status == Status.EXITED || killRequested) {
                return;
            }
            killRequested = true;
            p = process;
        }
        LOG.info("worker {}: {}", workerId, KILLED);
        if (p != null) {
            p.destroy();
            timer.schedule(() -> {
                if (p.isAlive()) {
                    LOG.warn("worker {} still alive {} after SIGTERM: SIGKILL", workerId, grace);
                    p.destroyForcibly();
                }
            }, grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public synchronized boolean killRequested() {
        return killRequested;
    }

    private void copyOutput(Process p) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(dir.resolve("stdout.log"))) {
            for (String line; (line = out.readLine()) != null; ) {
                log.write(line);
                log.write('\n');
                log.flush();
                if (line.startsWith(WorkerMain.READY_PREFIX)) {
                    running();
                }
            }
        } catch (IOException e) {
            LOG.debug("worker {}: stdout ended: {}", workerId, e.toString());
        }
    }

    private void running() {
        synchronized (this) {
            if (status != Status.STARTING) {
                return;
            }
            status = Status.RUNNING;
        }
        LOG.info("worker {} is running", workerId);
        onChange.accept(this);
    }

    private void ended(Process p, WorkerCgroup cgroup) {
        int code = p.exitValue();
        boolean oom = cgroup.oomKilled(code);
        cgroup.remove();
        WorkerReport r;
        synchronized (this) {
            status = Status.EXITED;
            exitCode = code;
            if (killRequested) {
                reason = KILLED;
            } else if (oom) {
                reason = "memory limit of " + Math.round(memoryMB) + " MB exceeded: killed by the kernel's OOM killer";
            } else if (code == 0) {
                reason = "completed";
            } else {
                String last = StderrTail.lastMessage(dir.resolve("stderr.log"));
                reason = "exited with code " + code + (last.isEmpty() ? "" : ": " + last);
            }
            r = new WorkerReport(workerId, status, exitCode, reason);
        }
        LOG.info("worker {} ended: {}", workerId, r.reason());
        announceEnd(r);
    }
}
