package io.mantis.executor.mesos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.mantis.protocol.LaunchRequest;
import io.mantis.runtime.testing.Await;
import io.mantis.runtime.testing.JobJarBuilder;
import io.mantis.runtime.worker.Assignment;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * A sandbox as Mesos's fetcher leaves it, a {@link FakeAgent}, and the executor as a real process started with the
 * environment an agent sets; plus the events a test sends and waits on. One per test.
 */
final class ExecutorFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String FRAMEWORK_ID = "fw-1";
    static final String EXECUTOR_ID = "mantis-executor-1";
    static final String TOKEN = "worker-token";

    final FakeAgent agent;
    final Path sandbox;
    private final Path dir;
    private final Map<String, String> env = new HashMap<>();
    private Process process;

    ExecutorFixture(Path dir) throws IOException {
        this.dir = dir;
        this.agent = new FakeAgent();
        this.sandbox = Files.createDirectories(dir.resolve("sandbox"));
        env.put("MESOS_AGENT_ENDPOINT", agent.endpoint());
        env.put("MESOS_FRAMEWORK_ID", FRAMEWORK_ID);
        env.put("MESOS_EXECUTOR_ID", EXECUTOR_ID);
        env.put("MESOS_SANDBOX", sandbox.toString());
        env.put("MESOS_CHECKPOINT", "1");
        env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "200ms");
        env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "6secs");
    }

    Map<String, String> env() {
        return env;
    }

    /** Puts a job JAR into the sandbox as the fetcher would: named after the artifact URL's last segment. */
    String fetchJobJar(Path jar) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        Files.copy(jar, sandbox.resolve(sha));
        return sha;
    }

    String fetchJobJar(Class<? extends io.mantis.sdk.JobProvider> job) throws Exception {
        return fetchJobJar(JobJarBuilder.forProvider(job).writeTo(dir.resolve(job.getSimpleName() + ".jar")));
    }

    /**
     * Puts a {@code mantis-executor.jar} into the sandbox that holds nothing but a manifest class path of this
     * test's class path: workers then really run from {@code <sandbox>/mantis-executor.jar}.
     */
    void fetchExecutorJarOfTestClassPath() throws IOException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toUri().toString())
                .collect(Collectors.joining(" "));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        try (OutputStream out = Files.newOutputStream(sandbox.resolve(SandboxLaunches.EXECUTOR_JAR))) {
            new JarOutputStream(out, manifest).close();
        }
    }

    /** Starts {@code java <launcher...>} in the sandbox with the agent's environment; output goes to its logs. */
    void start(List<String> launcher) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launcher);
        ProcessBuilder builder = new ProcessBuilder(command).directory(sandbox.toFile())
                .redirectOutput(sandbox.resolve("stdout").toFile())
                .redirectError(sandbox.resolve("stderr").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MESOS_"));
        builder.environment().putAll(env);
        process = builder.start();
    }

    /** Starts the executor from this test's class path. */
    void startFromClassPath() throws IOException {
        start(List.of("-cp", System.getProperty("java.class.path"), MesosExecutorMain.class.getName()));
    }

    Process process() {
        return process;
    }

    String stderr() {
        try {
            return Files.readString(sandbox.resolve("stderr"));
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    Call awaitSubscribe(int n) {
        Await.until("SUBSCRIBE number " + n, WAIT, () -> agent.subscribes().size() >= n && agent.streaming(),
                this::stderr);
        return agent.subscribes().get(n - 1);
    }

    /** Waits for an update of {@code taskId} to {@code state} and returns its status. */
    TaskStatus awaitUpdate(String taskId, TaskState state) {
        Await.until(taskId + " " + state, WAIT, () -> update(taskId, state).isPresent(),
                () -> agent.updates() + "\n" + stderr());
        return update(taskId, state).orElseThrow();
    }

    Optional<TaskStatus> update(String taskId, TaskState state) {
        return agent.updates().stream().map(Call.Update::getStatus)
                .filter(s -> s.getTaskId().getValue().equals(taskId) && s.getState() == state).findFirst();
    }

    int awaitExit() throws InterruptedException {
        Await.until("the executor's exit", WAIT, () -> !process.isAlive(), this::stderr);
        return process.waitFor();
    }

    /** A LAUNCH of {@code taskId} whose LaunchRequest names the job JAR {@code sha}. */
    Event launch(String taskId, String sha) throws Exception {
        String jobId = taskId.substring(0, taskId.indexOf("-1-0-"));
        Assignment a = new Assignment(jobId, null, 1, 0, 1, List.of(1), Map.of(), "127.0.0.1", 0, 0, 0, List.of());
        LaunchRequest request = new LaunchRequest(taskId, sha, "http://127.0.0.1:1/api/v1/artifacts/" + sha,
                a.toJson(), 1, 256, 100, agent.heartbeatUrl(taskId), 200, TOKEN);
        return launch(taskId, ByteString.copyFromUtf8(new ObjectMapper().writeValueAsString(request)));
    }

    static Event launch(String taskId, ByteString data) {
        return Event.newBuilder().setType(Event.Type.LAUNCH).setLaunch(Event.Launch.newBuilder()
                .setTask(TaskInfo.newBuilder().setName(taskId).setTaskId(taskId(taskId))
                        .setAgentId(AgentID.newBuilder().setValue("agent-1")).setData(data)))
                .build();
    }

    static Event kill(String taskId) {
        return Event.newBuilder().setType(Event.Type.KILL)
                .setKill(Event.Kill.newBuilder().setTaskId(taskId(taskId))).build();
    }

    static Event acknowledged(TaskStatus status) {
        return Event.newBuilder().setType(Event.Type.ACKNOWLEDGED).setAcknowledged(Event.Acknowledged.newBuilder()
                .setTaskId(status.getTaskId()).setUuid(status.getUuid())).build();
    }

    static Event of(Event.Type type) {
        return Event.newBuilder().setType(type).build();
    }

    static TaskID taskId(String id) {
        return TaskID.newBuilder().setValue(id).build();
    }

    static String utf8(ByteString bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Kills the executor and whatever it started, then stops the agent. */
    @Override
    public void close() {
        if (process != null) {
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            all.add(process.toHandle());
            all.forEach(ProcessHandle::destroyForcibly);
        }
        agent.close();
    }
}
