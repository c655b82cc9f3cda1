package io.mantis.executor.mesos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantis.executor.agent.LaunchRequests;
import io.mantis.executor.agent.WorkerCommands;
import io.mantis.protocol.LaunchRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * Turns a Mesos task into a worker command, using what Mesos's fetcher put into the sandbox: the job JAR (named
 * after the last path segment of the request's {@code artifactUrl}) and {@value #EXECUTOR_JAR}, the class path of
 * the worker JVM. Thread-safe (stateless).
 */
final class SandboxLaunches {

    /** The executor's own shaded JAR, which holds the worker runtime too. */
    static final String EXECUTOR_JAR = "mantis-executor.jar";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What to run for one task. */
    record Prepared(Path dir, List<String> command, Map<String, String> env) {
    }

    private final Path sandbox;
    private final String ownClassPath;

    /**
     * @param ownClassPath used for workers when the sandbox has no {@value #EXECUTOR_JAR} (an executor started
     *                     from a class path rather than fetched); it must hold the worker runtime
     */
    SandboxLaunches(Path sandbox, String ownClassPath) {
        this.sandbox = sandbox;
        this.ownClassPath = ownClassPath;
    }

    /**
     * Reads and checks the {@link LaunchRequest} JSON in the task's {@code data}.
     *
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    LaunchRequest request(TaskInfo task) {
        if (!task.hasData() || task.getData().isEmpty()) {
            throw new IllegalArgumentException("task " + task.getTaskId().getValue()
                    + " has no data: it must carry the LaunchRequest JSON");
        }
        LaunchRequest request;
        try {
            request = JSON.readValue(task.getData().toString(StandardCharsets.UTF_8), LaunchRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("task data is not LaunchRequest JSON: " + e.getOriginalMessage());
        }
        LaunchRequests.validate(request);
        if (!request.workerId().equals(task.getTaskId().getValue())) {
            throw new IllegalArgumentException("LaunchRequest workerId '" + request.workerId()
                    + "' differs from the task id '" + task.getTaskId().getValue() + "'");
        }
        return request;
    }

    /**
     * Finds and checks the job JAR, writes the assignment into the worker's directory and builds the command.
     *
     * @throws IOException naming the file that is missing, does not match its SHA-256, or cannot be written
     */
    Prepared prepare(LaunchRequest request) throws IOException {
        Path jar = jobJar(request);
        String digest = sha256(jar);
        if (!digest.equalsIgnoreCase(request.artifactSha256())) {
            throw new IOException("job JAR " + jar + " has SHA-256 " + digest + ", expected "
                    + request.artifactSha256());
        }
        Path dir = workerDir(request.workerId());
        Files.createDirectories(dir);
        Path assignment = dir.resolve("assignment.json");
        try {
            WorkerCommands.writeAssignment(request.assignmentJson(), jar, assignment);
        } catch (IOException e) {
            throw new IOException("could not write the assignment to " + assignment + ": " + e.getMessage(), e);
        }
        Path executorJar = sandbox.resolve(EXECUTOR_JAR);
        String classPath = Files.isRegularFile(executorJar) ? executorJar.toString() : ownClassPath;
        Map<String, String> env = request.token() == null ? Map.of() : Map.of("MANTIS_TOKEN", request.token());
        return new Prepared(dir, WorkerCommands.command(classPath, request, assignment), env);
    }

    /** Where a worker runs and keeps its assignment, stdout.log and stderr.log. */
    Path workerDir(String workerId) {
        return sandbox.resolve("workers").resolve(workerId);
    }

    private Path jobJar(LaunchRequest request) throws IOException {
        String path = URI.create(request.artifactUrl()).getPath();
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty()) {
            throw new IOException("artifactUrl '" + request.artifactUrl() + "' has no file name to look for");
        }
        Path jar = sandbox.resolve(name);
        if (!Files.isRegularFile(jar)) {
            throw new IOException("job JAR " + jar + " is not in the sandbox: the task's CommandInfo must have"
                    + " Mesos fetch " + request.artifactUrl());
        }
        return jar;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
