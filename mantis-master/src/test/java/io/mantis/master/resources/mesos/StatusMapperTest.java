package io.mantis.master.resources.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.resources.WorkerStatus;
import io.mantis.master.resources.WorkerStatus.State;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StatusMapperTest {

    private static TaskStatus.Builder status(TaskState state) {
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("job-1-1-0-1")).setState(state)
                .setAgentId(AgentID.newBuilder().setValue("agent-1"));
    }

    @ParameterizedTest
    @CsvSource({
        "TASK_STAGING, STARTING", "TASK_STARTING, STARTING", "TASK_RUNNING, RUNNING", "TASK_KILLING, RUNNING",
        "TASK_FINISHED, EXITED", "TASK_FAILED, FAILED", "TASK_ERROR, FAILED", "TASK_KILLED, KILLED",
        "TASK_LOST, LOST", "TASK_GONE, LOST", "TASK_DROPPED, LOST", "TASK_UNREACHABLE, LOST",
        "TASK_GONE_BY_OPERATOR, LOST", "TASK_UNKNOWN, LOST"
    })
    void everyTaskStateMapsToItsWorkerState(TaskState state, State expected) {
        WorkerStatus mapped = StatusMapper.map(status(state).build(), "");
        assertEquals(expected, mapped.state());
        assertEquals("job-1-1-0-1", mapped.workerId());
        assertEquals("agent-1", mapped.agentId());
    }

    @Test
    void finishedIsExitCodeZero() {
        assertEquals(0, StatusMapper.map(status(TaskState.TASK_FINISHED).build(), "").exitCode());
    }

    @Test
    void memoryLimitIsNamedAsSuch() {
        WorkerStatus mapped = StatusMapper.map(status(TaskState.TASK_FAILED)
                .setReason(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY)
                .setMessage("Memory limit exceeded: Requested: 576MB").build(), "");
        assertEquals(State.FAILED, mapped.state());
        assertTrue(mapped.reason().startsWith("memory limit exceeded (Mesos container limitation)"), mapped.reason());
        assertTrue(mapped.reason().contains("Requested: 576MB"), mapped.reason());
    }

    @Test
    void lostNamesTheStateAndMesosReason() {
        WorkerStatus mapped = StatusMapper.map(status(TaskState.TASK_GONE)
                .setReason(TaskStatus.Reason.REASON_AGENT_REMOVED).setMessage("Agent removed").build(), "");
        assertEquals("TASK_GONE (REASON_AGENT_REMOVED): Agent removed", mapped.reason());
    }

    @Test
    void aStatusWithoutAgentNamesTheKnownOne() {
        TaskStatus noAgent = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("job-1-1-0-1"))
                .setState(TaskState.TASK_LOST).build();
        assertEquals("agent-7", StatusMapper.map(noAgent, "agent-7").agentId());
    }
}
