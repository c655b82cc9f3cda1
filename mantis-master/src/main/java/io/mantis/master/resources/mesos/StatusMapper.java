package io.mantis.master.resources.mesos;

import io.mantis.master.resources.WorkerStatus;
import io.mantis.master.resources.WorkerStatus.State;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * Maps a Mesos {@link TaskStatus} to a {@link WorkerStatus}, keeping Mesos's reason in words. Stateless and
 * thread-safe.
 *
 * <table>
 *   <caption>task state to worker state</caption>
 *   <tr><td>TASK_STAGING, TASK_STARTING</td><td>STARTING</td></tr>
 *   <tr><td>TASK_RUNNING</td><td>RUNNING</td></tr>
 *   <tr><td>TASK_FINISHED</td><td>EXITED, code 0</td></tr>
 *   <tr><td>TASK_FAILED, TASK_ERROR</td><td>FAILED (memory limit named as such)</td></tr>
 *   <tr><td>TASK_KILLED</td><td>KILLED</td></tr>
 *   <tr><td>TASK_KILLING</td><td>RUNNING (it still runs until TASK_KILLED)</td></tr>
 *   <tr><td>TASK_LOST, _GONE, _DROPPED, _UNREACHABLE, _GONE_BY_OPERATOR, _UNKNOWN</td><td>LOST</td></tr>
 * </table>
 */
final class StatusMapper {

    static final String MEMORY_LIMIT = "memory limit exceeded (Mesos container limitation)";

    private StatusMapper() {
    }

    /** @param knownAgentId the agent to name when the status carries none (reconciliation of a lost agent) */
    static WorkerStatus map(TaskStatus status, String knownAgentId) {
        String workerId = status.getTaskId().getValue();
        String agentId = status.hasAgentId() ? status.getAgentId().getValue() : knownAgentId;
        TaskState state = status.getState();
        return switch (state) {
            case TASK_STAGING, TASK_STARTING -> new WorkerStatus(workerId, agentId, State.STARTING, null, null);
            case TASK_RUNNING, TASK_KILLING -> new WorkerStatus(workerId, agentId, State.RUNNING, null, null);
            case TASK_FINISHED -> new WorkerStatus(workerId, agentId, State.EXITED, 0, "exited with code 0");
            case TASK_KILLED -> new WorkerStatus(workerId, agentId, State.KILLED, null, describe(status));
            case TASK_FAILED, TASK_ERROR -> new WorkerStatus(workerId, agentId, State.FAILED, null, failure(status));
            default -> new WorkerStatus(workerId, agentId, State.LOST, null, describe(status));
        };
    }

    static boolean isTerminal(TaskState state) {
        return switch (state) {
            case TASK_STAGING, TASK_STARTING, TASK_RUNNING, TASK_KILLING -> false;
            default -> true;
        };
    }

    private static String failure(TaskStatus status) {
        if (status.hasReason() && status.getReason() == TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY) {
            return MEMORY_LIMIT + (status.hasMessage() && !status.getMessage().isBlank()
                    ? ": " + status.getMessage() : "");
        }
        return describe(status);
    }

    /** e.g. "TASK_LOST (REASON_AGENT_REMOVED): Agent removed". */
    private static String describe(TaskStatus status) {
        StringBuilder text = new StringBuilder(status.getState().name());
        if (status.hasReason()) {
            text.append(" (").append(status.getReason().name()).append(')');
        }
        if (status.hasMessage() && !status.getMessage().isBlank()) {
            text.append(": ").append(status.getMessage());
        }
        return text.toString();
    }
}
