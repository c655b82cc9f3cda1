package io.mantis.runtime.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantis.runtime.worker.Assignment;
import io.mantis.runtime.worker.StageWorker;
import io.mantis.runtime.worker.WorkerMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker running as a child JVM through {@link WorkerMain}, exactly as an executor launches it. Its output
 * lines are forwarded with a prefix naming the worker; the last lines of its standard error are kept to
 * explain a failure.
 */
final class ProcessWorker implements RunningWorker {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Talks to worker endpoints on loopback: admin calls, and {@link SseTail}'s streams. */
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int KEPT_ERROR_LINES = 40;

    private final Assignment assignment;
    private final Process process;
    private final String name;
    private final CompletableFuture<StageWorker.Endpoints> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> exit = new CompletableFuture<>();
    /** Guarded by itself. */
    private final Deque<String> errorTail = new ArrayDeque<>();
    /** The worker's own one-line account of its failure ("error: ..."), kept apart from the stack trace. */
    private volatile String errorLine;
    private volatile Thread errorPump;
    private volatile StageWorker.Endpoints endpoints = new StageWorker.Endpoints(0, 0, 0);

    private ProcessWorker(Assignment assignment, Process process) {
        this.assignment = assignment;
        this.process = process;
        this.name = assignment.jobId() + " s" + assignment.stageNumber() + " w" + assignment.workerIndex()
                + "#" + assignment.workerNumber();
    }

    static ProcessWorker launch(Assignment assignment, String classPath, List<String> javaOptions,
                                Duration startTimeout) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(javaOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(WorkerMain.class.getName());
        command.add("--assignment-json");
        command.add(assignment.toJson());
        Process process = new ProcessBuilder(command).start();
        ProcessWorker worker = new ProcessWorker(assignment, process);
        worker.pump(process.getInputStream(), System.out, true);
        worker.errorPump = worker.pump(process.getErrorStream(), System.err, false);
        process.onExit().thenAccept(p -> worker.exited(p.exitValue()));
        worker.awaitReady(startTimeout);
        return worker;
    }

    private void awaitReady(Duration timeout) throws IOException {
        try {
            endpoints = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("worker " + name + " did not report ready within " + timeout + errorSummary());
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting worker " + name, e);
        }
    }

    private Thread pump(InputStream in, PrintStream forward, boolean watchReady) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (watchReady && line.startsWith(WorkerMain.READY_PREFIX)) {
                        ready.complete(parsePorts(line.substring(WorkerMain.READY_PREFIX.length())));
                        continue;
                    }
                    if (!watchReady) {
                        if (errorLine == null && line.startsWith("error: ")) {
                            errorLine = line.substring("error: ".length());
                        }
                        synchronized (errorTail) {
                            errorTail.addLast(line);
                            if (errorTail.size() > KEPT_ERROR_LINES) {
                                errorTail.removeFirst();
                            }
                        }
                    }
                    forward.println("[" + name + "] " + line);
                }
            } catch (IOException e) {
                // The process went away; its exit code tells what happened.
            }
        }, "mantis-worker-output-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static StageWorker.Endpoints parsePorts(String json) {
        try {
            return MAPPER.readValue(json, StageWorker.Endpoints.class);
        } catch (IOException e) {
            throw new IllegalStateException("worker printed a malformed ready line: " + json, e);
        }
    }

    private void exited(int code) {
        // Let the error pump read to the end, so the failure message carries the worker's last words.
        Thread pump = errorPump;
        if (pump != null) {
            try {
                pump.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!ready.isDone()) {
            ready.completeExceptionally(new IOException("worker " + name + " exited with code " + code
                    + " before it was ready" + errorSummary()));
        }
        if (code == WorkerMain.EXIT_COMPLETED) {
            exit.complete(null);
        } else {
            exit.completeExceptionally(new IllegalStateException("worker " + name + " exited with code " + code
                    + errorSummary()));
        }
    }

    private String errorSummary() {
        String line = errorLine;
        if (line != null) {
            return ": " + line;
        }
        synchronized (errorTail) {
            return errorTail.isEmpty() ? "" : ": " + String.join("\n", errorTail);
        }
    }

    @Override
    public CompletableFuture<Void> exit() {
        return exit;
    }

    @Override
    public void setUpstreams(List<String> upstreams) {
        try {
            String body = MAPPER.writeValueAsString(java.util.Map.of("upstreams", upstreams));
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort() + "/upstreams"))
                    .timeout(Duration.ofSeconds(10))
                    .PUT(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json")
                    .build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("worker " + name + " refused new upstreams: " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach worker " + name + " to update its upstreams: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while updating worker " + name, e);
        }
    }

    @Override
    public Assignment assignment() {
        return assignment;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public StageWorker.Endpoints endpoints() {
        return endpoints;
    }

    /** The child's process id, for tests that kill it from outside. */
    long pid() {
        return process.pid();
    }

    @Override
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "worker " + name;
    }

    /** The java launcher of this JVM, so workers run on the same Java. */
    private static String javaBinary() {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
