package io.mantis.runtime.local;

import io.mantis.runtime.worker.Assignment;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs each worker as a child JVM. When given an output consumer, the runner follows every SSE sink worker's
 * stream and passes on each event's text.
 */
final class ProcessLauncher implements WorkerLauncher {

    private final String classPath;
    private final List<String> javaOptions;
    private final Consumer<Object> output;
    private final boolean followSse;
    /** Guarded by this. */
    private final List<SseTail> tails = new ArrayList<>();

    ProcessLauncher(String classPath, List<String> javaOptions, Consumer<Object> output, boolean followSse) {
        this.classPath = classPath;
        this.javaOptions = List.copyOf(javaOptions);
        this.output = output;
        this.followSse = followSse;
    }

    @Override
    public RunningWorker launch(Assignment assignment) throws IOException {
        ProcessWorker worker = ProcessWorker.launch(assignment, classPath, javaOptions, Duration.ofSeconds(60));
        if (followSse && worker.sinkPort() > 0) {
            synchronized (this) {
                tails.add(SseTail.follow(worker.sinkPort(), output));
            }
        }
        return worker;
    }

    @Override
    public synchronized void close() {
        tails.forEach(SseTail::close);
        tails.clear();
    }
}
