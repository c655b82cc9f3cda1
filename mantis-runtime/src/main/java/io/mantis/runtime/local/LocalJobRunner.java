package io.mantis.runtime.local;

import io.mantis.runtime.worker.JobJarLoader;
import io.mantis.runtime.worker.LoadedJob;
import io.mantis.sdk.InvalidJobException;
import io.mantis.sdk.Job;
import io.mantis.sdk.ParameterValues;
import io.mantis.sdk.Sink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a job on this machine: every worker of every stage, connected over real loopback sockets exactly as
 * on the platform. {@link #inJvm()} runs workers as threads of this JVM (for tests and {@code main}s);
 * {@link #processes()} runs each worker as its own child JVM through the worker entry point the executor
 * uses. {@link #close()} stops every job this runner started.
 *
 * <pre>{@code
 * try (LocalJobRunner runner = LocalJobRunner.inJvm().workers(2, 3)) {
 *     LocalJob job = runner.start(WordCount.job(), count -> System.out.println(count));
 *     job.awaitCompletion(Duration.ofMinutes(1));
 * }
 * }</pre>
 */
public final class LocalJobRunner implements AutoCloseable {

    private static final AtomicInteger JOB_NUMBERS = new AtomicInteger();

    private final boolean processes;
    private final Map<Integer, Integer> workerOverrides = new TreeMap<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final List<String> javaOptions = new ArrayList<>();
    private final List<LocalJob> started = new ArrayList<>();
    private String jobId;
    private String classPath = System.getProperty("java.class.path");

    private LocalJobRunner(boolean processes) {
        this.processes = processes;
    }

    public static LocalJobRunner inJvm() {
        return new LocalJobRunner(false);
    }

    public static LocalJobRunner processes() {
        return new LocalJobRunner(true);
    }

    /** Overrides the worker count of stage {@code stageNumber} (1-based). */
    public LocalJobRunner workers(int stageNumber, int count) {
        if (stageNumber < 1) {
            throw new IllegalArgumentException("stage numbers start at 1, was " + stageNumber);
        }
        if (count < 1) {
            throw new IllegalArgumentException("stage " + stageNumber + " needs at least 1 worker, was " + count);
        }
        workerOverrides.put(stageNumber, count);
        return this;
    }

    /** A job parameter, in text form; validated against the job's definitions at start. */
    public LocalJobRunner parameter(String name, String value) {
        parameters.put(Objects.requireNonNull(name, "name is null"), Objects.requireNonNull(value, "value is null"));
        return this;
    }

    /** The job id; by default {@code <job name>-local-<n>}. */
    public LocalJobRunner jobId(String id) {
        this.jobId = Objects.requireNonNull(id, "id is null");
        return this;
    }

    /** Extra JVM options for worker processes (e.g. {@code -Xmx256m}); ignored in-JVM. */
    public LocalJobRunner javaOptions(String... options) {
        javaOptions.addAll(List.of(options));
        return this;
    }

    /** The class path of worker processes; by default this JVM's. */
    public LocalJobRunner classPath(String path) {
        this.classPath = Objects.requireNonNull(path, "path is null");
        return this;
    }

    /**
     * Starts {@code job} in this JVM; {@code output} receives the last stage's events, called concurrently
     * from the last stage's workers.
     *
     * @throws io.mantis.sdk.InvalidParameterException before anything runs, when a parameter is bad
     * @throws IllegalStateException in process mode (a job object cannot cross processes; start its JAR)
     */
    @SuppressWarnings("unchecked")
    public <T> LocalJob start(Job<T> job, Consumer<? super T> output) throws Exception {
        Objects.requireNonNull(job, "job is null");
        Objects.requireNonNull(output, "output is null");
        if (processes) {
            throw new IllegalStateException("a job object cannot cross into worker processes: start its job JAR "
                    + "with start(Path, Consumer), or use LocalJobRunner.inJvm()");
        }
        ParameterValues values = job.resolveParameters(parameters);
        Consumer<Object> out = (Consumer<Object>) (Consumer<?>) output;
        return launch(job, null, new InJvmLauncher(job, values, out, null));
    }

    public <T> LocalJob start(Job<T> job) throws Exception {
        return start(job, event -> { });
    }

    /**
     * Starts the job declared by {@code jobJar}. In-JVM, {@code output} gets the job's event objects; in
     * process mode it gets each event's SSE text from the moment the runner's stream client connected (a
     * job whose sink is not SSE yields nothing there).
     *
     * @throws InvalidJobException when the JAR is unreadable or declares no job, or several
     * @throws io.mantis.sdk.InvalidParameterException before anything runs, when a parameter is bad
     */
    public LocalJob start(Path jobJar, Consumer<Object> output) throws Exception {
        Objects.requireNonNull(jobJar, "jobJar is null");
        Objects.requireNonNull(output, "output is null");
        LoadedJob loaded = JobJarLoader.load(jobJar);
        Job<?> job = loaded.job();
        ParameterValues values;
        try {
            values = job.resolveParameters(parameters);
        } catch (RuntimeException e) {
            closeQuietly(loaded);
            throw e;
        }
        if (!processes) {
            // The workers run the JAR's classes here, so its class loader lives as long as the job.
            return launch(job, jobJar.toAbsolutePath().toString(), new InJvmLauncher(job, values, output, loaded));
        }
        // Worker processes load their own copy; the runner only needed the job's shape and parameters.
        closeQuietly(loaded);
        boolean followSse = job.sink().kind() == Sink.Kind.SSE;
        return launch(job, jobJar.toAbsolutePath().toString(),
                new ProcessLauncher(classPath, javaOptions, output, followSse));
    }

    public LocalJob start(Path jobJar) throws Exception {
        return start(jobJar, event -> { });
    }

    private LocalJob launch(Job<?> job, String jar, WorkerLauncher launcher) throws Exception {
        List<Integer> counts = new ArrayList<>();
        for (int s = 1; s <= job.stages().size(); s++) {
            counts.add(workerOverrides.getOrDefault(s, job.stages().get(s - 1).workers()));
        }
        for (int s : workerOverrides.keySet()) {
            if (s > counts.size()) {
                throw new IllegalArgumentException("job '" + job.name() + "' has " + counts.size()
                        + " stages; cannot set workers of stage " + s);
            }
        }
        String id = jobId != null ? jobId : job.name() + "-local-" + JOB_NUMBERS.incrementAndGet();
        LocalJob local = new LocalJob(id, jar, counts, parameters, launcher);
        synchronized (this) {
            started.add(local);
        }
        try {
            local.launchAll();
        } catch (Exception e) {
            local.throwIfFailed();
            local.close();
            throw e;
        }
        return local;
    }

    private static void closeQuietly(LoadedJob loaded) {
        try {
            loaded.close();
        } catch (IOException e) {
            // The JAR stays open until exit; nothing else depends on it.
        }
    }

    /** Stops every job this runner started. */
    @Override
    public void close() {
        List<LocalJob> jobs;
        synchronized (this) {
            jobs = new ArrayList<>(started);
            started.clear();
        }
        jobs.forEach(LocalJob::close);
    }
}
