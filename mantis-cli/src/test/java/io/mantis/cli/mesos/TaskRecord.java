package io.mantis.cli.mesos;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * One launched task and its reliable status updates. The agent forwards a task's updates one at a time, in order:
 * the head of {@link #pending} goes to the framework, and the next only after the framework acknowledged it.
 * Confined to the master's loop thread.
 */
final class TaskRecord {

    final String taskId;
    final String frameworkId;
    final String agentId;
    final String executorId;
    final TaskInfo info;
    final ResourceSet resources;
    TaskState state = TaskState.TASK_STAGING;
    /** The latest status, whatever its source; what reconciliation answers with. */
    TaskStatus latest;
    final Deque<TaskStatus> pending = new ArrayDeque<>();
    final Set<ByteString> seenUuids = new HashSet<>();
    long headSentAt;
    boolean killRequested;
    boolean sentToExecutor;
    /** Whether its resources went back to the agent (once, when it became terminal). */
    boolean released;

    TaskRecord(String frameworkId, String agentId, String executorId, TaskInfo info, ResourceSet resources) {
        this.taskId = info.getTaskId().getValue();
        this.frameworkId = frameworkId;
        this.agentId = agentId;
        this.executorId = executorId;
        this.info = info;
        this.resources = resources;
    }

    static boolean terminal(TaskState state) {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
                 TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }

    boolean terminal() {
        return terminal(state);
    }
}
