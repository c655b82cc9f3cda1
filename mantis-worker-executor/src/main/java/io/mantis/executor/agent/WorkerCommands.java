package io.mantis.executor.agent;

import io.mantis.protocol.LaunchRequest;
import io.mantis.runtime.worker.Assignment;
import io.mantis.runtime.worker.WorkerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How a worker JVM is started, shared by the embedded agent and the Mesos executor so both launch workers alike:
 * the assignment file with the local job JAR, and the {@code java ... WorkerMain} command line.
 */
public final class WorkerCommands {

    private WorkerCommands() {
    }

    /**
     * Writes {@code assignmentJson} to {@code file} with {@code jobJar} set to {@code jar}.
     *
     * @throws IllegalArgumentException when the JSON is not an assignment
     * @throws IOException              when the file cannot be written
     */
    public static void writeAssignment(String assignmentJson, Path jar, Path file) throws IOException {
        Assignment a = Assignment.fromJson(assignmentJson);
        Assignment withJar = new Assignment(a.jobId(), jar.toString(), a.stageNumber(), a.workerIndex(),
                a.workerNumber(), a.stageWorkers(), a.parameters(), a.bindHost(), a.dataPort(), a.sinkPort(),
                a.adminPort(), a.upstreams());
        Files.writeString(file, withJar.toJson());
    }

    /**
     * The worker's command: this JVM's {@code java}, a heap of 70% of the request's memory (the rest is for
     * metaspace, thread stacks and direct buffers), and {@code --exit-with-parent} so a worker never outlives
     * whoever started it.
     *
     * @param classPath holds the runtime and its libraries
     */
    public static List<String> command(String classPath, LaunchRequest request, Path assignmentFile) {
        long heapMB = Math.max(32, Math.round(request.memoryMB() * 0.7));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMB + "m", "-cp", classPath, WorkerMain.class.getName(),
                "--assignment", assignmentFile.toString(),
                "--heartbeat-url", request.heartbeatUrl(),
                "--heartbeat-interval-ms", Long.toString(request.heartbeatMillis()),
                "--exit-with-parent");
    }
}
