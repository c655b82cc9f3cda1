package io.mantis.cli.mesos;

import java.nio.file.Path;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * A task as the fake Mesos knows it, for assertions.
 *
 * @param state          its latest state (the master's view, which may be ahead of what the framework acknowledged)
 * @param unacknowledged reliable status updates not yet acknowledged by the framework
 * @param sandbox        its executor's sandbox directory ({@code stdout} and {@code stderr} are in it)
 * @param executorPid    the executor process id, or -1 before it started
 */
public record FakeTask(String taskId, String frameworkId, String agentId, String executorId, TaskState state,
                       int unacknowledged, Path sandbox, long executorPid) {
}
