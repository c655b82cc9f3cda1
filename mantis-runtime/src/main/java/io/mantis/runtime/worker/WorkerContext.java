package io.mantis.runtime.worker;

import io.mantis.sdk.Context;
import io.mantis.sdk.ParameterValues;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Context} of one worker; runs registered close hooks once, newest first. */
final class WorkerContext implements Context {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerContext.class);

    private final Assignment assignment;
    private final String stageName;
    private final ParameterValues parameters;
    private final MeterRegistry registry;
    /** Guarded by this. */
    private final Deque<AutoCloseable> closeHooks = new ArrayDeque<>();

    WorkerContext(Assignment assignment, String stageName, ParameterValues parameters, MeterRegistry registry) {
        this.assignment = assignment;
        this.stageName = stageName;
        this.parameters = parameters;
        this.registry = registry;
    }

    @Override
    public String jobId() {
        return assignment.jobId();
    }

    @Override
    public int stageNumber() {
        return assignment.stageNumber();
    }

    @Override
    public String stageName() {
        return stageName;
    }

    @Override
    public int stageCount() {
        return assignment.stageCount();
    }

    @Override
    public int workerIndex() {
        return assignment.workerIndex();
    }

    @Override
    public int workerNumber() {
        return assignment.workerNumber();
    }

    @Override
    public int workerCount() {
        return assignment.workerCount();
    }

    @Override
    public ParameterValues parameters() {
        return parameters;
    }

    @Override
    public MeterRegistry meterRegistry() {
        return registry;
    }

    @Override
    public synchronized void onClose(AutoCloseable hook) {
        closeHooks.push(java.util.Objects.requireNonNull(hook, "hook is null"));
    }

    void runCloseHooks(String label) {
        while (true) {
            AutoCloseable hook;
            synchronized (this) {
                hook = closeHooks.poll();
            }
            if (hook == null) {
                return;
            }
            try {
                hook.close();
            } catch (Exception e) {
                // A failing hook must not keep the others from releasing their resources.
                LOG.warn("{}: close hook failed", label, e);
            }
        }
    }
}
