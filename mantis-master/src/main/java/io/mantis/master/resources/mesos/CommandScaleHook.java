package io.mantis.master.resources.mesos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator's scaler command through {@code sh -c}, the action in its environment. Its stdout is discarded;
 * its stderr goes to a temporary file (so a chatty command cannot block on a full pipe) and into the log when it
 * fails. Blocks until the command ends or its timeout kills it. Thread-safe.
 */
final class CommandScaleHook implements ScaleHook {

    private static final Logger LOG = LoggerFactory.getLogger(CommandScaleHook.class);
    private static final int STDERR_LOGGED = 2000;

    private final String command;
    private final Duration timeout;

    CommandScaleHook(String command, Duration timeout) {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("the scaler command is blank: give a shell command line, e.g. "
                    + "'/usr/local/bin/mantis-scale'");
        }
        this.command = command;
        this.timeout = Objects.requireNonNull(timeout, "timeout is null");
    }

    @Override
    public void release(String pool, String agentId, String hostname) {
        run("release agent " + agentId + " of pool " + pool, Map.of("MANTIS_SCALE_ACTION", "release",
                "MANTIS_POOL", pool, "MANTIS_AGENT_ID", agentId, "MANTIS_AGENT_HOSTNAME", hostname));
    }

    @Override
    public void scaleUp(String pool, int count) {
        run("add " + count + " agent(s) to pool " + pool, Map.of("MANTIS_SCALE_ACTION", "scale-up",
                "MANTIS_POOL", pool, "MANTIS_SCALE_COUNT", Integer.toString(count)));
    }

    private void run(String what, Map<String, String> env) {
        Path stderr = null;
        try {
            stderr = Files.createTempFile("mantis-scaler-", ".stderr");
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                LOG.error("scaler command to {} did not end within {}: killed it; stderr: {}", what, timeout,
                        tail(stderr));
                return;
            }
            int code = process.exitValue();
            if (code == 0) {
                LOG.info("scaler command to {}: done", what);
            } else {
                LOG.error("scaler command to {} failed with exit code {}; stderr: {}", what, code, tail(stderr));
            }
        } catch (IOException e) {
            LOG.error("scaler command to {} could not run ({}): check the command '{}'", what, e.getMessage(),
                    command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("scaler command to {} interrupted: the master is stopping", what);
        } finally {
            if (stderr != null) {
                try {
                    Files.deleteIfExists(stderr);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", stderr, e.toString());
                }
            }
        }
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(empty)" : text.length() > STDERR_LOGGED
                    ? "..." + text.substring(text.length() - STDERR_LOGGED) : text;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return "scaler command '" + command + "'";
    }
}
