package io.mantis.cli.mesos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * One executor process on a fake agent, from launch to exit. Fields are confined to the master's loop thread,
 * except {@link #process}, which the launcher thread sets and test controls read.
 */
final class ExecutorRun {

    final FakeAgent agent;
    final String frameworkId;
    final FrameworkInfo frameworkInfo;
    final String executorId;
    final ExecutorInfo info;
    final ResourceSet resources;
    final Path sandbox;
    final long launchedAt = System.nanoTime();
    final List<TaskRecord> tasks = new ArrayList<>();
    volatile Process process;
    EventStream stream;
    boolean subscribed;
    boolean exited;
    /** Set when the agent or framework is gone: the exit then produces no status updates. */
    volatile boolean silent;
    /** Why the agent killed it, when it did; the reason its unfinished tasks fail with. */
    TaskStatus.Reason killReason;
    String killMessage;

    ExecutorRun(FakeAgent agent, FrameworkInfo frameworkInfo, ExecutorInfo info, ResourceSet resources, Path sandbox) {
        this.agent = agent;
        this.frameworkInfo = frameworkInfo;
        this.frameworkId = frameworkInfo.getId().getValue();
        this.executorId = info.getExecutorId().getValue();
        this.info = info;
        this.resources = resources;
        this.sandbox = sandbox;
    }

    /** Kills the executor and every process it started (a worker JVM under the executor, say). */
    void destroy() {
        Process p = process;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
