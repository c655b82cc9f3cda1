package io.mantis.cli.mesos;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import com.google.protobuf.ByteString;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * A minimal Mesos v1 executor, run by the fake agents in {@link FakeMesosMasterTest} as a real process. It
 * subscribes from the {@code MESOS_*} environment; on LAUNCH it reports TASK_STARTING then TASK_RUNNING (the
 * latter's message names the sandbox files and the agent endpoint it was given); on KILL it reports TASK_KILLED
 * and exits once that is acknowledged. Each ACKNOWLEDGED event appends the acknowledged state to {@code acks} in
 * the sandbox.
 */
public final class TestExecutorMain {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<ByteString, TaskState> SENT = new HashMap<>();

    private TestExecutorMain() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = require("MESOS_AGENT_ENDPOINT");
        URI uri = URI.create("http://" + endpoint + ExecutorApi.PATH);
        FrameworkID framework = FrameworkID.newBuilder().setValue(require("MESOS_FRAMEWORK_ID")).build();
        ExecutorID executor = ExecutorID.newBuilder().setValue(require("MESOS_EXECUTOR_ID")).build();
        Path sandbox = Path.of(require("MESOS_SANDBOX"));
        Call subscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setFrameworkId(framework)
                .setExecutorId(executor).setSubscribe(Call.Subscribe.getDefaultInstance()).build();
        HttpResponse<InputStream> response = HTTP.send(post(uri, subscribe), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            System.err.println("SUBSCRIBE answered " + response.statusCode());
            System.exit(2);
        }
        InputStream events = response.body();
        byte[] record;
        TaskID killed = null;
        while ((record = RecordIo.read(events)) != null) {
            Event event = Event.parseFrom(record);
            System.out.println("event " + event.getType());
            switch (event.getType()) {
                case LAUNCH -> {
                    TaskID task = event.getLaunch().getTask().getTaskId();
                    update(uri, framework, executor, task, TaskState.TASK_STARTING, "starting");
                    StringBuilder files = new StringBuilder();
                    try (var list = Files.list(sandbox)) {
                        list.sorted().forEach(f -> files.append(f.getFileName()).append(','));
                    }
                    update(uri, framework, executor, task, TaskState.TASK_RUNNING,
                            "files=" + files + " endpoint=" + endpoint + " checkpoint=" + System.getenv("MESOS_CHECKPOINT")
                                    + " directory=" + System.getenv("MESOS_DIRECTORY"));
                }
                case KILL -> {
                    killed = event.getKill().getTaskId();
                    update(uri, framework, executor, killed, TaskState.TASK_KILLED, "killed");
                }
                case ACKNOWLEDGED -> {
                    TaskState state = SENT.get(event.getAcknowledged().getUuid());
                    Files.writeString(sandbox.resolve("acks"), state + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    if (state == TaskState.TASK_KILLED) {
                        System.exit(0);
                    }
                }
                case SHUTDOWN -> System.exit(0);
                default -> {
                    // SUBSCRIBED, HEARTBEAT: nothing to do
                }
            }
        }
        System.exit(killed == null ? 3 : 0);
    }

    private static void update(URI uri, FrameworkID framework, ExecutorID executor, TaskID task, TaskState state,
                               String message) throws Exception {
        UUID u = UUID.randomUUID();
        ByteString uuid = ByteString.copyFrom(java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
        SENT.put(uuid, state);
        Call call = Call.newBuilder().setType(Call.Type.UPDATE).setFrameworkId(framework).setExecutorId(executor)
                .setUpdate(Call.Update.newBuilder().setStatus(TaskStatus.newBuilder().setTaskId(task).setState(state)
                        .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setUuid(uuid).setMessage(message)
                        .setExecutorId(executor))).build();
        int status = HTTP.send(post(uri, call), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 202) {
            System.err.println("UPDATE " + state + " answered " + status);
        }
    }

    private static HttpRequest post(URI uri, Call call) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).header("Content-Type", "application/x-protobuf")
                .header("Accept", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()))
                .build();
    }

    private static String require(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            System.err.println("environment variable " + name + " is not set: not started by a Mesos agent?");
            System.exit(2);
        }
        return value;
    }
}
