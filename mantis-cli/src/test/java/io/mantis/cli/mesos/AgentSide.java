package io.mantis.cli.mesos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the fake agents do: launch executors, relay status updates one at a time per task until acknowledged,
 * deliver kills, and notice executors that exit. Runs on the master's loop thread, like {@link MesosCore}.
 */
final class AgentSide {

    private static final Logger log = LoggerFactory.getLogger(AgentSide.class);

    private final MesosCore core;
    private final ExecutorLauncher launcher;
    private final Executor loop;
    private final Executor blocking;
    private int runSeq;

    AgentSide(MesosCore core, ExecutorLauncher launcher, Executor loop, Executor blocking) {
        this.core = core;
        this.launcher = launcher;
        this.loop = loop;
        this.blocking = blocking;
    }

    void post(Runnable action) {
        loop.execute(action);
    }

    /**
     * Validates one task of an ACCEPT and starts it (and its executor when new).
     *
     * @return what is left of {@code available} for the ACCEPT's next tasks
     */
    ResourceSet launch(FrameworkRecord fw, FakeAgent agent, TaskInfo task, ResourceSet available) {
        String taskId = task.getTaskId().getValue();
        String problem = null;
        ExecutorRun run = null;
        ResourceSet need = ResourceSet.of(task.getResourcesList());
        if (core.tasks.containsKey(taskId)) {
            problem = "Task has duplicate ID: " + taskId;
        } else if (!task.getAgentId().getValue().equals(agent.spec.id())) {
            problem = "Task uses agent " + task.getAgentId().getValue() + " but its offers are of agent " + agent.spec.id();
        } else if (!task.hasExecutor()) {
            problem = "The fake agent runs custom executors only: set TaskInfo.executor (command tasks unsupported)";
        } else {
            run = agent.runs.get(task.getExecutor().getExecutorId().getValue());
            if (run != null && (run.exited || !run.frameworkId.equals(fw.id))) {
                problem = "Executor " + run.executorId + " is already in use";
            }
            if (run == null) {
                need = need.plus(ResourceSet.of(task.getExecutor().getResourcesList()));
            }
            if (problem == null && !available.contains(need)) {
                problem = "Task uses more resources " + need + " than available " + available;
            }
        }
        if (problem != null) {
            core.send(fw.id, Statuses.update(Statuses.fromMaster(taskId, agent.spec.id(), TaskState.TASK_ERROR,
                    TaskStatus.Reason.REASON_TASK_INVALID, problem)));
            log.info("task {} refused: {}", taskId, problem);
            return available;
        }
        ResourceSet taskResources = ResourceSet.of(task.getResourcesList());
        if (run == null) {
            ExecutorInfo executor = task.getExecutor().toBuilder().setFrameworkId(fw.info.getId()).build();
            run = new ExecutorRun(agent, fw.info, executor, ResourceSet.of(executor.getResourcesList()),
                    core.workDir.resolve("agents").resolve(agent.spec.id()).resolve("frameworks").resolve(fw.id)
                            .resolve("executors").resolve(executor.getExecutorId().getValue()).resolve("runs")
                            .resolve(String.valueOf(runSeq++)));
            agent.runs.put(run.executorId, run);
            start(run);
        }
        TaskRecord record = new TaskRecord(fw.id, agent.spec.id(), run.executorId, task, taskResources);
        core.tasks.put(taskId, record);
        run.tasks.add(record);
        if (run.subscribed && run.stream != null) {
            deliver(run, record);
        }
        log.info("task {} launching on agent {} under executor {}", taskId, agent.spec.id(), run.executorId);
        return available.minus(need);
    }

    private void start(ExecutorRun run) {
        CompletableFuture.runAsync(() -> {
            try {
                Process process = launcher.launch(run);
                run.process = process;
                if (run.silent) { // the agent or framework went while the executor was starting
                    run.destroy();
                }
                process.onExit().thenRun(() -> post(() -> exited(run, process.exitValue())));
            } catch (java.io.IOException e) {
                post(() -> launchFailed(run, e.getMessage()));
            }
        }, blocking);
    }

    private void deliver(ExecutorRun run, TaskRecord task) {
        task.sentToExecutor = true;
        run.stream.send(org.apache.mesos.v1.executor.Protos.Event.newBuilder()
                .setType(org.apache.mesos.v1.executor.Protos.Event.Type.LAUNCH)
                .setLaunch(org.apache.mesos.v1.executor.Protos.Event.Launch.newBuilder().setTask(task.info)).build());
    }

    private void launchFailed(ExecutorRun run, String message) {
        log.info("executor {} failed to launch: {}", run.executorId, message);
        run.exited = true;
        run.agent.runs.remove(run.executorId, run);
        for (TaskRecord t : run.tasks) {
            if (!t.terminal()) {
                reliable(t, Statuses.fromAgent(t, TaskState.TASK_FAILED,
                        TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED, message));
            }
        }
        core.freed(run.agent.spec.id(), run.resources);
    }

    private void exited(ExecutorRun run, int status) {
        run.exited = true;
        run.agent.runs.remove(run.executorId, run);
        if (run.stream != null) {
            run.stream.close();
            run.stream = null;
        }
        log.info("executor {} on agent {} exited with {}", run.executorId, run.agent.spec.id(), status);
        if (run.silent) {
            return;
        }
        for (TaskRecord t : run.tasks) {
            if (!t.terminal()) {
                TaskStatus.Reason reason = run.killReason != null ? run.killReason
                        : TaskStatus.Reason.REASON_EXECUTOR_TERMINATED;
                String message = run.killMessage != null ? run.killMessage : "Executor terminated";
                reliable(t, Statuses.fromAgent(t, t.killRequested ? TaskState.TASK_KILLED : TaskState.TASK_FAILED,
                        reason, message));
            }
        }
        core.send(run.frameworkId, Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure.newBuilder()
                .setAgentId(run.agent.id()).setExecutorId(run.info.getExecutorId()).setStatus(status)).build());
        core.freed(run.agent.spec.id(), run.resources);
    }

    // ---- status updates

    /** An update from the agent or executor: kept until acknowledged, sent when it reaches the queue's head. */
    void reliable(TaskRecord task, TaskStatus status) {
        task.state = status.getState();
        task.latest = status;
        task.pending.add(status);
        if (task.pending.size() == 1) {
            sendHead(task);
        }
        if (task.terminal() && !task.released) {
            task.released = true;
            core.freed(task.agentId, task.resources);
        }
    }

    void sendHead(TaskRecord task) {
        task.headSentAt = System.nanoTime();
        core.send(task.frameworkId, Statuses.update(task.pending.peek()));
    }

    /**
     * ACKNOWLEDGE from the framework.
     *
     * @return null when accepted, else why it is a bad request
     */
    String acknowledge(FrameworkRecord fw, Call.Acknowledge ack) {
        TaskRecord t = core.tasks.get(ack.getTaskId().getValue());
        if (t == null || !t.frameworkId.equals(fw.id)) {
            return "Cannot acknowledge status update for unknown task '" + ack.getTaskId().getValue() + "'";
        }
        TaskStatus head = t.pending.peek();
        if (head == null || !head.getUuid().equals(ack.getUuid())) {
            return "Unexpected status update acknowledgement (uuid not pending) for task '" + t.taskId + "'";
        }
        t.pending.poll();
        ExecutorRun run = findRun(t);
        if (head.getSource() == TaskStatus.Source.SOURCE_EXECUTOR && run != null && run.stream != null) {
            run.stream.send(org.apache.mesos.v1.executor.Protos.Event.newBuilder()
                    .setType(org.apache.mesos.v1.executor.Protos.Event.Type.ACKNOWLEDGED)
                    .setAcknowledged(org.apache.mesos.v1.executor.Protos.Event.Acknowledged.newBuilder()
                            .setTaskId(head.getTaskId()).setUuid(head.getUuid())).build());
        }
        if (!t.pending.isEmpty()) {
            sendHead(t);
        }
        return null;
    }

    private ExecutorRun findRun(TaskRecord t) {
        FakeAgent agent = core.agents.get(t.agentId);
        ExecutorRun run = agent == null ? null : agent.runs.get(t.executorId);
        return run != null && run.tasks.contains(t) ? run : null;
    }

    /** KILL from the framework: to the executor when it has the task, else the agent answers itself. */
    void kill(FrameworkRecord fw, Call.Kill kill) {
        TaskRecord t = core.tasks.get(kill.getTaskId().getValue());
        if (t == null || !t.frameworkId.equals(fw.id)) {
            // Mesos reconciles a kill of a task it does not know, so the framework learns its fate.
            core.reconcileOne(fw, kill.getTaskId().getValue(), kill.hasAgentId() ? kill.getAgentId().getValue() : null);
            return;
        }
        if (t.terminal()) {
            return;
        }
        t.killRequested = true;
        ExecutorRun run = findRun(t);
        if (run == null) {
            return;
        }
        if (t.sentToExecutor && run.stream != null) {
            run.stream.send(org.apache.mesos.v1.executor.Protos.Event.newBuilder()
                    .setType(org.apache.mesos.v1.executor.Protos.Event.Type.KILL)
                    .setKill(org.apache.mesos.v1.executor.Protos.Event.Kill.newBuilder().setTaskId(kill.getTaskId()))
                    .build());
            return;
        }
        reliable(t, Statuses.fromAgent(t, TaskState.TASK_KILLED, TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH,
                "Killed before delivery to the executor"));
        if (run.tasks.stream().allMatch(TaskRecord::terminal)) {
            run.destroy();
        }
    }

    // ---- executor API calls (validated by ExecutorApi)

    void executorSubscribed(ExecutorRun run, EventStream stream,
                            org.apache.mesos.v1.executor.Protos.Call.Subscribe subscribe) {
        if (run.stream != null) {
            run.stream.close();
        }
        run.stream = stream;
        run.subscribed = true;
        stream.onClose(() -> post(() -> {
            if (run.stream == stream) {
                run.stream = null;
            }
        }));
        FrameworkRecord fw = core.frameworks.get(run.frameworkId);
        stream.send(org.apache.mesos.v1.executor.Protos.Event.newBuilder()
                .setType(org.apache.mesos.v1.executor.Protos.Event.Type.SUBSCRIBED)
                .setSubscribed(org.apache.mesos.v1.executor.Protos.Event.Subscribed.newBuilder()
                        .setExecutorInfo(run.info).setFrameworkInfo(fw == null ? run.frameworkInfo : fw.info)
                        .setAgentInfo(run.agent.info())
                        .setContainerId(ContainerID.newBuilder().setValue(run.executorId + "-container"))).build());
        for (org.apache.mesos.v1.executor.Protos.Call.Update u : subscribe.getUnacknowledgedUpdatesList()) {
            update(run, u.getStatus());
        }
        for (TaskRecord t : run.tasks) {
            if (!t.sentToExecutor && !t.terminal()) {
                deliver(run, t);
            }
        }
        log.info("executor {} subscribed on agent {}", run.executorId, run.agent.spec.id());
    }

    /** UPDATE from an executor; duplicates (a resend after re-subscribe) are dropped by uuid. */
    void update(ExecutorRun run, TaskStatus status) {
        TaskRecord t = core.tasks.get(status.getTaskId().getValue());
        if (t == null || !run.tasks.contains(t) || !t.seenUuids.add(status.getUuid())) {
            return;
        }
        reliable(t, status.toBuilder().setAgentId(AgentID.newBuilder().setValue(t.agentId))
                .setExecutorId(run.info.getExecutorId()).setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                .setTimestamp(status.hasTimestamp() ? status.getTimestamp() : Statuses.now()).build());
    }

    // ---- periodic work and test controls

    void tick(long now) {
        for (TaskRecord t : core.tasks.values()) {
            if (!t.pending.isEmpty() && now - t.headSentAt > core.updateRetry.toNanos()) {
                sendHead(t);
            }
        }
        for (FakeAgent agent : core.agents.values()) {
            for (ExecutorRun run : agent.runs.values()) {
                if (!run.subscribed && run.process != null && run.killReason == null
                        && now - run.launchedAt > core.registrationTimeout.toNanos()) {
                    run.killReason = TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT;
                    run.killMessage = "Executor did not register within " + core.registrationTimeout.toSeconds() + "secs";
                    run.destroy();
                }
            }
        }
    }

    void heartbeats() {
        var beat = org.apache.mesos.v1.executor.Protos.Event.newBuilder()
                .setType(org.apache.mesos.v1.executor.Protos.Event.Type.HEARTBEAT).build();
        for (FakeAgent agent : core.agents.values()) {
            for (ExecutorRun run : agent.runs.values()) {
                if (run.stream != null) {
                    run.stream.send(beat);
                }
            }
        }
    }

    /** TEARDOWN: every executor of the framework is shut down and its tasks end KILLED without updates. */
    void shutdownFramework(String frameworkId) {
        for (FakeAgent agent : core.agents.values()) {
            for (ExecutorRun run : new ArrayList<>(agent.runs.values())) {
                if (run.frameworkId.equals(frameworkId)) {
                    if (run.stream != null) {
                        run.stream.send(org.apache.mesos.v1.executor.Protos.Event.newBuilder()
                                .setType(org.apache.mesos.v1.executor.Protos.Event.Type.SHUTDOWN).build());
                    }
                    silence(run, TaskState.TASK_KILLED);
                    core.freed(agent.spec.id(), run.resources);
                }
            }
        }
        for (TaskRecord t : core.tasks.values()) {
            if (t.frameworkId.equals(frameworkId)) {
                t.pending.clear();
            }
        }
    }

    /** The agent is unreachable: its executors die unseen, and the master reports their tasks itself. */
    void loseExecutors(FakeAgent agent) {
        List<ExecutorRun> runs = new ArrayList<>(agent.runs.values());
        for (ExecutorRun run : runs) {
            FrameworkRecord fw = core.frameworks.get(run.frameworkId);
            TaskState state = fw != null && fw.partitionAware() ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST;
            for (TaskRecord t : run.tasks) {
                if (!t.terminal() || !t.pending.isEmpty()) {
                    boolean wasTerminal = t.terminal();
                    t.pending.clear();
                    if (wasTerminal) {
                        continue;
                    }
                    TaskStatus lost = Statuses.fromMaster(t.taskId, t.agentId, state,
                            TaskStatus.Reason.REASON_AGENT_REMOVED, "Agent " + agent.spec.id() + " is unreachable");
                    t.state = state;
                    t.latest = lost;
                    t.released = true;
                    core.send(t.frameworkId, Statuses.update(lost));
                }
            }
            silence(run, null);
        }
    }

    private void silence(ExecutorRun run, TaskState endState) {
        run.silent = true;
        for (TaskRecord t : run.tasks) {
            if (endState != null && !t.terminal()) {
                t.state = endState;
                t.released = true;
            }
        }
        if (run.stream != null) {
            run.stream.close();
        }
        run.destroy();
    }

    /** Kills the process of the executor running {@code taskId}, as if it crashed. */
    boolean crashExecutor(String taskId) {
        TaskRecord t = core.tasks.get(taskId);
        ExecutorRun run = t == null ? null : findRun(t);
        if (run == null || run.process == null) {
            return false;
        }
        run.destroy();
        return true;
    }
}
