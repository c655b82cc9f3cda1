package io.mantis.cli.mesos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;

/**
 * Does what a Mesos agent's fetcher and containerizer do for a new executor, without isolation: fetches each
 * {@code CommandInfo} URI into the sandbox (named by the URI's last path segment) and starts the command with the
 * environment an agent sets, stdout and stderr going to files in the sandbox. Blocking: call it off the loop thread.
 */
final class ExecutorLauncher {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /**
     * @throws IOException with a message fit for a TASK_FAILED status when a fetch or the start fails
     */
    Process launch(ExecutorRun run) throws IOException {
        Files.createDirectories(run.sandbox);
        CommandInfo command = run.info.getCommand();
        for (CommandInfo.URI uri : command.getUrisList()) {
            fetch(uri, run.sandbox);
        }
        List<String> argv = new ArrayList<>();
        if (!command.hasShell() || command.getShell()) {
            argv.addAll(List.of("/bin/sh", "-c", command.getValue()));
        } else {
            argv.add(command.getValue());
            if (command.getArgumentsCount() > 1) {
                argv.addAll(command.getArgumentsList().subList(1, command.getArgumentsCount()));
            }
        }
        ProcessBuilder builder = new ProcessBuilder(argv).directory(run.sandbox.toFile())
                .redirectOutput(run.sandbox.resolve("stdout").toFile())
                .redirectError(run.sandbox.resolve("stderr").toFile());
        Map<String, String> env = builder.environment();
        env.put("MESOS_AGENT_ENDPOINT", run.agent.endpoint());
        env.put("MESOS_FRAMEWORK_ID", run.frameworkId);
        env.put("MESOS_EXECUTOR_ID", run.executorId);
        env.put("MESOS_SLAVE_ID", run.agent.spec.id());
        env.put("MESOS_SANDBOX", run.sandbox.toString());
        env.put("MESOS_DIRECTORY", run.sandbox.toString());
        env.put("MESOS_CHECKPOINT", "0");
        env.put("MESOS_HTTP_COMMAND_EXECUTOR", "0");
        env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs");
        for (Environment.Variable v : command.getEnvironment().getVariablesList()) {
            env.put(v.getName(), v.getValue());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IOException("Failed to launch container: " + e.getMessage(), e);
        }
    }

    private void fetch(CommandInfo.URI uri, Path sandbox) throws IOException {
        String value = uri.getValue();
        String path = URI.create(value).getPath();
        String name = uri.hasOutputFile() ? uri.getOutputFile()
                : path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty()) {
            throw new IOException("Failed to fetch '" + value + "': the URI names no file");
        }
        Path target = sandbox.resolve(name);
        try {
            HttpResponse<Path> response = http.send(HttpRequest.newBuilder(URI.create(value))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() != 200) {
                Files.deleteIfExists(target);
                throw new IOException("Failed to fetch '" + value + "': HTTP " + response.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Failed to fetch '" + value + "': interrupted", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("Failed to fetch '" + value + "': " + e.getMessage(), e);
        }
        if (uri.getExecutable() && !target.toFile().setExecutable(true)) {
            throw new IOException("Failed to make '" + target + "' executable");
        }
    }
}
