package io.mantis.cli.mesos;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** Builders for the status updates and events a Mesos master or agent produces itself. */
final class Statuses {

    private Statuses() {
    }

    /** A status without a uuid: the master's own (invalid offers, agent lost, reconciliation); never acknowledged. */
    static TaskStatus fromMaster(String taskId, String agentId, TaskState state, TaskStatus.Reason reason,
                                 String message) {
        TaskStatus.Builder b = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId))
                .setState(state).setSource(TaskStatus.Source.SOURCE_MASTER).setReason(reason).setMessage(message)
                .setTimestamp(now());
        if (agentId != null) {
            b.setAgentId(AgentID.newBuilder().setValue(agentId));
        }
        return b.build();
    }

    /** A status the agent generates (executor gone, launch failed): it carries a uuid and must be acknowledged. */
    static TaskStatus fromAgent(TaskRecord task, TaskState state, TaskStatus.Reason reason, String message) {
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(task.taskId)).setState(state)
                .setSource(TaskStatus.Source.SOURCE_AGENT).setReason(reason).setMessage(message)
                .setAgentId(AgentID.newBuilder().setValue(task.agentId))
                .setExecutorId(task.info.getExecutor().getExecutorId()).setTimestamp(now()).setUuid(uuid()).build();
    }

    /** The latest known status of a task as reconciliation reports it: no uuid, reason RECONCILIATION. */
    static TaskStatus reconciled(TaskRecord task) {
        TaskStatus.Builder b = task.latest == null
                ? TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(task.taskId)).setState(task.state)
                        .setAgentId(AgentID.newBuilder().setValue(task.agentId))
                : task.latest.toBuilder().clearUuid();
        return b.setState(task.state).setSource(TaskStatus.Source.SOURCE_MASTER)
                .setReason(TaskStatus.Reason.REASON_RECONCILIATION).setTimestamp(now()).build();
    }

    static Event update(TaskStatus status) {
        return Event.newBuilder().setType(Event.Type.UPDATE)
                .setUpdate(Event.Update.newBuilder().setStatus(status)).build();
    }

    static ByteString uuid() {
        UUID u = UUID.randomUUID();
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
    }

    static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
