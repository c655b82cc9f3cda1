package io.mantis.executor.mesos;

import com.google.protobuf.ByteString;
import io.mantis.executor.agent.WorkerProcess;
import io.mantis.executor.cgroup.WorkerCgroup;
import io.mantis.protocol.LaunchRequest;
import io.mantis.protocol.WorkerReport;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the executor does with the agent's events: LAUNCH starts a worker JVM (no cgroup of its own: the agent's
 * isolators already contain this executor's container), its progress becomes TASK_STARTING, TASK_RUNNING and one
 * terminal update, KILL stops it, SHUTDOWN stops everything. Every update is kept until ACKNOWLEDGED (see
 * {@link PendingUpdates}); one the agent did not take is sent again after {@link #RESEND_DELAY} while subscribed,
 * and the next SUBSCRIBE carries all of them; {@link #finished()} completes with the process's exit code once every task has ended
 * and its updates are acknowledged, after SHUTDOWN, or on ERROR.
 *
 * <p>Threading: events come from the subscription's thread, worker changes from the worker threads; state is
 * guarded by this object's monitor. Calls to the agent go out in order on one sender thread, never under the
 * monitor.
 */
final class MesosExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MesosExecutor.class);
    /** SIGTERM to SIGKILL when the KILL and the task carry no kill policy. */
    static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);
    /** Pause before an UPDATE the agent did not take is sent again on the same subscription. */
    static final Duration RESEND_DELAY = Duration.ofSeconds(1);

    private final ExecutorEnvironment env;
    private final AgentClient agent;
    private final SandboxLaunches launches;
    private final ExecutorService workerThreads;
    private final ScheduledExecutorService timer;
    private final ExecutorService sender;
    private final Calls calls;
    private final CompletableFuture<Integer> finished = new CompletableFuture<>();

    // @GuardedBy("this")
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final PendingUpdates pending = new PendingUpdates();
    private Set<ByteString> inLastSubscribe = Set.of();
    private boolean subscribed;
    private boolean shuttingDown;

    /** One launched task; {@code worker} is null for a task refused before it got one. */
    private static final class Task {
        final TaskInfo info;
        WorkerProcess worker;
        boolean running;
        boolean ended;
        boolean acknowledged;

        Task(TaskInfo info) {
            this.info = info;
        }
    }

    /**
     * @param workerThreads prepares and supervises workers: needs two threads per live worker (a cached pool)
     * @param timer         schedules SIGKILLs and the shutdown deadline
     * @param sender        a single thread: calls must reach the agent in the order they were made
     */
    MesosExecutor(ExecutorEnvironment env, AgentClient agent, SandboxLaunches launches, ExecutorService workerThreads,
                  ScheduledExecutorService timer, ExecutorService sender, Clock clock) {
        this.env = env;
        this.agent = agent;
        this.launches = launches;
        this.workerThreads = workerThreads;
        this.timer = timer;
        this.sender = sender;
        this.calls = new Calls(env.frameworkId(), env.executorId(), clock);
    }

    /** Completes with the exit code once the executor is done. */
    CompletableFuture<Integer> finished() {
        return finished;
    }

    /** The SUBSCRIBE call to send now: it carries every task and update the agent has not acknowledged yet. */
    synchronized Call subscribeCall() {
        Call.Subscribe.Builder subscribe = Call.Subscribe.newBuilder();
        tasks.values().stream().filter(t -> !t.acknowledged).forEach(t -> subscribe.addUnacknowledgedTasks(t.info));
        List<Call.Update> updates = pending.all();
        subscribe.addAllUnacknowledgedUpdates(updates);
        Set<ByteString> uuids = new HashSet<>();
        updates.forEach(u -> uuids.add(u.getStatus().getUuid()));
        inLastSubscribe = uuids;
        return calls.call(Call.Type.SUBSCRIBE).setSubscribe(subscribe).build();
    }

    /** Handles one event from the agent. Returns quickly: workers start on the worker threads. */
    void onEvent(Event event) {
        switch (event.getType()) {
            case SUBSCRIBED -> subscribed();
            case LAUNCH -> launch(event.getLaunch().getTask());
            case LAUNCH_GROUP -> event.getLaunchGroup().getTaskGroup().getTasksList().forEach(t -> refuse(t,
                    "task groups are not supported by the Mantis executor: launch one task per executor"));
            case KILL -> kill(event.getKill());
            case ACKNOWLEDGED -> acknowledged(event.getAcknowledged());
            case MESSAGE -> LOG.info("framework message of {} bytes ignored", event.getMessage().getData().size());
            case SHUTDOWN -> shutdown();
            case ERROR -> {
                LOG.error("the agent reported an error: {}", event.getError().getMessage());
                finished.complete(1);
            }
            case HEARTBEAT -> {
                // Only keeps the connection alive.
            }
            default -> LOG.warn("unknown event type {} ignored", event.getType());
        }
    }

    /** The event stream ended: updates stay pending until the next SUBSCRIBE carries them. */
    synchronized void disconnected() {
        subscribed = false;
    }

    private void subscribed() {
        synchronized (this) {
            subscribed = true;
            // Updates made after the SUBSCRIBE call was built went nowhere yet.
            pending.all().stream().filter(u -> !inLastSubscribe.contains(u.getStatus().getUuid()))
                    .forEach(this::post);
        }
        LOG.info("subscribed as executor {} of framework {}", env.executorId(), env.frameworkId());
    }

    private void launch(TaskInfo info) {
        String id = info.getTaskId().getValue();
        LaunchRequest request;
        try {
            request = launches.request(info);
        } catch (IllegalArgumentException e) {
            refuse(info, e.getMessage());
            return;
        }
        Task task;
        synchronized (this) {
            if (tasks.containsKey(id)) {
                LOG.warn("task {} was launched already: LAUNCH ignored", id);
                return;
            }
            task = new Task(info);
            tasks.put(id, task);
            if (shuttingDown) {
                task.ended = true;
                update(id, TaskState.TASK_KILLED, "the executor is shutting down", null);
                return;
            }
            task.worker = new WorkerProcess(id, launches.workerDir(id), request.memoryMB(), workerThreads,
                    this::changed);
            update(id, TaskState.TASK_STARTING, null, null);
        }
        workerThreads.execute(() -> start(task.worker, request));
    }

    private void refuse(TaskInfo info, String why) {
        String id = info.getTaskId().getValue();
        LOG.warn("task {} refused: {}", id, why);
        synchronized (this) {
            if (tasks.putIfAbsent(id, new Task(info)) != null) {
                return;
            }
            tasks.get(id).ended = true;
            update(id, TaskState.TASK_FAILED, why, TaskStatus.Reason.REASON_TASK_INVALID);
        }
    }

    private void start(WorkerProcess worker, LaunchRequest request) {
        SandboxLaunches.Prepared prepared;
        try {
            prepared = launches.prepare(request);
        } catch (IOException | RuntimeException e) {
            worker.failBeforeStart(e.getMessage());
            return;
        }
        try {
            worker.start(prepared.command(), prepared.env(), WorkerCgroup.NONE);
        } catch (IOException e) {
            worker.failBeforeStart("could not start the worker's JVM: " + e.getMessage());
        }
    }

    /** A worker started running or ended; runs on a worker thread. */
    private void changed(WorkerProcess worker) {
        WorkerReport report = worker.report();
        String id = worker.workerId();
        synchronized (this) {
            Task task = tasks.get(id);
            if (task == null || task.ended) {
                return;
            }
            if (report.status() == WorkerReport.Status.RUNNING && !task.running) {
                task.running = true;
                update(id, TaskState.TASK_RUNNING, null, null);
            } else if (report.status() == WorkerReport.Status.EXITED) {
                task.ended = true;
                TaskState state = WorkerProcess.KILLED.equals(report.reason()) ? TaskState.TASK_KILLED
                        : report.exitCode() == 0 ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED;
                update(id, state, report.reason(), null);
                if (shuttingDown && allEnded()) {
                    finishAfterSends(0);
                }
            }
        }
    }

    private void kill(Event.Kill kill) {
        String id = kill.getTaskId().getValue();
        WorkerProcess worker;
        Duration grace;
        synchronized (this) {
            Task task = tasks.get(id);
            if (task == null || task.ended) {
                LOG.info("KILL of task {} ignored: {}", id, task == null ? "unknown here" : "it has ended");
                return;
            }
            worker = task.worker;
            grace = grace(kill.hasKillPolicy() ? kill.getKillPolicy()
                    : task.info.hasKillPolicy() ? task.info.getKillPolicy() : null);
        }
        LOG.info("killing task {} (grace {})", id, grace);
        worker.kill(grace, timer);
    }

    private static Duration grace(KillPolicy policy) {
        return policy != null && policy.hasGracePeriod()
                ? Duration.ofNanos(Math.max(0, policy.getGracePeriod().getNanoseconds()))
                : DEFAULT_KILL_GRACE;
    }

    private void acknowledged(Event.Acknowledged ack) {
        synchronized (this) {
            if (!pending.acknowledge(ack.getUuid())) {
                LOG.debug("acknowledgement of an unknown update of task {} ignored", ack.getTaskId().getValue());
            }
            Task task = tasks.get(ack.getTaskId().getValue());
            if (task != null) {
                task.acknowledged = true;
            }
            if (shuttingDown || tasks.isEmpty() || !allEnded() || !pending.isEmpty()) {
                return;
            }
        }
        // Mesos expects an executor whose tasks have all ended to go away.
        LOG.info("every task has ended and its updates are acknowledged: exiting");
        finished.complete(0);
    }

    private void shutdown() {
        List<WorkerProcess> live;
        synchronized (this) {
            shuttingDown = true;
            live = tasks.values().stream().filter(t -> !t.ended).map(t -> t.worker).toList();
            if (live.isEmpty()) {
                finishAfterSends(0);
                return;
            }
        }
        // Leave time within the agent's grace period for the final updates.
        Duration grace = env.shutdownGracePeriod().dividedBy(2);
        LOG.info("shutting down: killing {} worker(s), SIGKILL after {}", live.size(), grace);
        live.forEach(w -> w.kill(grace, timer));
        timer.schedule(() -> finishAfterSends(0), env.shutdownGracePeriod().multipliedBy(4).dividedBy(5).toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Completes {@link #finished()} once the calls queued so far have been sent. */
    private void finishAfterSends(int code) {
        sender.execute(() -> finished.complete(code));
    }

    // @GuardedBy("this")
    private boolean allEnded() {
        return tasks.values().stream().allMatch(t -> t.ended);
    }

    // @GuardedBy("this")
    private void update(String taskId, TaskState state, String message, TaskStatus.Reason reason) {
        Call.Update update = pending.add(calls.status(taskId, state, message, reason));
        LOG.info("task {}: {}{}", taskId, state, message == null ? "" : " (" + message + ")");
        if (subscribed) {
            post(update);
        }
    }

    private void post(Call.Update update) {
        Call call = calls.call(Call.Type.UPDATE).setUpdate(update).build();
        sender.execute(() -> {
            try {
                agent.send(call);
            } catch (IOException e) {
                // Kept in PendingUpdates: sent again while this subscription lasts, else the next SUBSCRIBE
                // hands it back. Without that, an agent that was busy once would never see it while the stream
                // stays up, and the executor would wait for its acknowledgement forever.
                LOG.warn("UPDATE {} of task {} not delivered: {}; sending it again in {}",
                        update.getStatus().getState(), update.getStatus().getTaskId().getValue(), e.getMessage(),
                        RESEND_DELAY);
                resendLater(update);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void resendLater(Call.Update update) {
        try {
            timer.schedule(() -> {
                synchronized (this) {
                    // Unsubscribed: the next SUBSCRIBE carries it. Acknowledged: delivered after all.
                    if (subscribed && pending.contains(update.getStatus().getUuid())) {
                        post(update);
                    }
                }
            }, RESEND_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the executor is exiting
        }
    }

    /** Kills the workers still alive (SIGKILL after a second) and waits briefly for them. Idempotent. */
    @Override
    public void close() {
        List<WorkerProcess> live;
        synchronized (this) {
            live = tasks.values().stream().filter(t -> t.worker != null && !t.ended).map(t -> t.worker).toList();
        }
        live.forEach(w -> w.kill(Duration.ofSeconds(1), timer));
        for (WorkerProcess w : live) {
            try {
                w.exited().get(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("worker {} did not exit in time", w.workerId());
            }
        }
    }
}
