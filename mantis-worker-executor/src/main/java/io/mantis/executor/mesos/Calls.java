package io.mantis.executor.mesos;

import java.time.Clock;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;

/** Builds this executor's calls and task statuses, stamped with its ids and the clock's time. Thread-safe. */
final class Calls {

    private final ExecutorID executorId;
    private final FrameworkID frameworkId;
    private final Clock clock;

    Calls(String frameworkId, String executorId, Clock clock) {
        this.executorId = ExecutorID.newBuilder().setValue(executorId).build();
        this.frameworkId = FrameworkID.newBuilder().setValue(frameworkId).build();
        this.clock = clock;
    }

    /** A call of {@code type} with the ids every call must carry. */
    Call.Builder call(Call.Type type) {
        return Call.newBuilder().setType(type).setExecutorId(executorId).setFrameworkId(frameworkId);
    }

    /**
     * A status from this executor, without a uuid (see {@link PendingUpdates#add}).
     *
     * @param message null for none
     * @param reason  null for none
     */
    TaskStatus status(String taskId, TaskState state, String message, TaskStatus.Reason reason) {
        TaskStatus.Builder status = TaskStatus.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(taskId))
                .setState(state)
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                .setExecutorId(executorId)
                .setTimestamp(clock.millis() / 1000.0);
        if (message != null) {
            status.setMessage(message);
        }
        if (reason != null) {
            status.setReason(reason);
        }
        return status.build();
    }
}
