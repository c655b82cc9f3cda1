package io.mantis.executor.mesos;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a Mesos agent tells the executor it starts, through environment variables.
 *
 * @param agentEndpoint         {@code host:port} of the agent's HTTP API ({@code MESOS_AGENT_ENDPOINT})
 * @param frameworkId           {@code MESOS_FRAMEWORK_ID}
 * @param executorId            {@code MESOS_EXECUTOR_ID}
 * @param sandbox               the executor's directory, holding the fetched JARs ({@code MESOS_SANDBOX})
 * @param checkpoint            whether the agent checkpoints this framework and so can be reconnected to after
 *                              its own restart ({@code MESOS_CHECKPOINT=1})
 * @param recoveryTimeout       how long to keep re-subscribing to a restarting agent
 *                              ({@code MESOS_RECOVERY_TIMEOUT}, default 15 minutes)
 * @param subscriptionBackoffMax the longest pause between subscription attempts
 *                              ({@code MESOS_SUBSCRIPTION_BACKOFF_MAX}, default 2 seconds)
 * @param shutdownGracePeriod   how long the agent lets the executor shut down before killing its container
 *                              ({@code MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD}, default 5 seconds)
 */
record ExecutorEnvironment(String agentEndpoint, String frameworkId, String executorId, Path sandbox,
                           boolean checkpoint, Duration recoveryTimeout, Duration subscriptionBackoffMax,
                           Duration shutdownGracePeriod) {

    static final Duration DEFAULT_RECOVERY_TIMEOUT = Duration.ofMinutes(15);
    static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(2);
    static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    ExecutorEnvironment {
        Objects.requireNonNull(agentEndpoint, "agentEndpoint is null");
        Objects.requireNonNull(frameworkId, "frameworkId is null");
        Objects.requireNonNull(executorId, "executorId is null");
        Objects.requireNonNull(sandbox, "sandbox is null");
    }

    /**
     * Reads the variables from {@code env} (normally {@link System#getenv()}).
     *
     * @throws IllegalArgumentException naming the first variable that is missing or malformed, and what it should be
     */
    static ExecutorEnvironment from(Map<String, String> env) {
        String endpoint = required(env, "MESOS_AGENT_ENDPOINT");
        URI uri;
        try {
            uri = URI.create("http://" + endpoint);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getPort() < 0 || !uri.getPath().isEmpty()) {
            throw new IllegalArgumentException("MESOS_AGENT_ENDPOINT '" + endpoint
                    + "' is not host:port (e.g. 10.0.0.5:5051)");
        }
        String frameworkId = required(env, "MESOS_FRAMEWORK_ID");
        String executorId = required(env, "MESOS_EXECUTOR_ID");
        Path sandbox = Path.of(required(env, "MESOS_SANDBOX")).toAbsolutePath();
        if (!Files.isDirectory(sandbox)) {
            throw new IllegalArgumentException("MESOS_SANDBOX '" + sandbox + "' is not a directory");
        }
        String checkpoint = env.getOrDefault("MESOS_CHECKPOINT", "0");
        if (!checkpoint.equals("0") && !checkpoint.equals("1")) {
            throw new IllegalArgumentException("MESOS_CHECKPOINT '" + checkpoint + "' must be 0 or 1");
        }
        return new ExecutorEnvironment(endpoint, frameworkId, executorId, sandbox, checkpoint.equals("1"),
                duration(env, "MESOS_RECOVERY_TIMEOUT", DEFAULT_RECOVERY_TIMEOUT),
                duration(env, "MESOS_SUBSCRIPTION_BACKOFF_MAX", DEFAULT_BACKOFF_MAX),
                duration(env, "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", DEFAULT_SHUTDOWN_GRACE));
    }

    /** {@code http://<agent>/api/v1/executor}. */
    URI executorApi() {
        return URI.create("http://" + agentEndpoint + "/api/v1/executor");
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set: this executor must be started by a Mesos agent"
                    + " (or with the environment one sets)");
        }
        return value;
    }

    private static Duration duration(Map<String, String> env, String name, Duration otherwise) {
        String value = env.get(name);
        return value == null || value.isBlank() ? otherwise : MesosDurations.parse(name, value);
    }
}
