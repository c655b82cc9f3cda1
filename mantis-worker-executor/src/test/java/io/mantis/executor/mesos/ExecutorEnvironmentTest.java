package io.mantis.executor.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorEnvironmentTest {

    @TempDir
    Path sandbox;

    @Test
    void readsTheVariablesAnAgentSets() {
        Map<String, String> env = required();
        env.put("MESOS_CHECKPOINT", "1");
        env.put("MESOS_RECOVERY_TIMEOUT", "15mins");
        env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs");
        env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "500ms");
        ExecutorEnvironment e = ExecutorEnvironment.from(env);
        assertEquals("fw-1", e.frameworkId());
        assertEquals("exec-1", e.executorId());
        assertEquals(sandbox, e.sandbox());
        assertTrue(e.checkpoint());
        assertEquals(Duration.ofMinutes(15), e.recoveryTimeout());
        assertEquals(Duration.ofSeconds(2), e.subscriptionBackoffMax());
        assertEquals(Duration.ofMillis(500), e.shutdownGracePeriod());
        assertEquals(URI.create("http://127.0.0.1:5051/api/v1/executor"), e.executorApi());
    }

    @Test
    void optionalVariablesHaveMesosDefaults() {
        ExecutorEnvironment e = ExecutorEnvironment.from(required());
        assertFalse(e.checkpoint());
        assertEquals(Duration.ofMinutes(15), e.recoveryTimeout());
        assertEquals(Duration.ofSeconds(2), e.subscriptionBackoffMax());
        assertEquals(Duration.ofSeconds(5), e.shutdownGracePeriod());
    }

    @Test
    void eachMissingVariableIsNamed() {
        for (String name : required().keySet()) {
            Map<String, String> env = required();
            env.remove(name);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ExecutorEnvironment.from(env));
            assertTrue(e.getMessage().startsWith(name + " is not set"), e.getMessage());
        }
    }

    @Test
    void malformedValuesAreNamedWithTheFix() {
        assertMessage("MESOS_AGENT_ENDPOINT 'http://a:1' is not host:port (e.g. 10.0.0.5:5051)",
                "MESOS_AGENT_ENDPOINT", "http://a:1");
        assertMessage("MESOS_AGENT_ENDPOINT 'agent' is not host:port (e.g. 10.0.0.5:5051)",
                "MESOS_AGENT_ENDPOINT", "agent");
        assertMessage("MESOS_CHECKPOINT 'yes' must be 0 or 1", "MESOS_CHECKPOINT", "yes");
        assertMessage("MESOS_RECOVERY_TIMEOUT '15 minutes' is not a duration: write a number and one of ns, us, ms,"
                + " secs, mins, hrs, days, weeks (e.g. 15mins)", "MESOS_RECOVERY_TIMEOUT", "15 minutes");
        assertMessage("MESOS_SANDBOX '" + sandbox.resolve("nope") + "' is not a directory", "MESOS_SANDBOX",
                sandbox.resolve("nope").toString());
    }

    @Test
    void fractionalDurations() {
        assertEquals(Duration.ofMillis(1500), MesosDurations.parse("X", "1.5secs"));
        assertEquals(Duration.ofDays(14), MesosDurations.parse("X", "2weeks"));
        assertEquals(Duration.ofNanos(10), MesosDurations.parse("X", "10ns"));
    }

    private void assertMessage(String expected, String name, String value) {
        Map<String, String> env = required();
        env.put(name, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutorEnvironment.from(env));
        assertEquals(expected, e.getMessage());
    }

    private Map<String, String> required() {
        Map<String, String> env = new HashMap<>();
        env.put("MESOS_AGENT_ENDPOINT", "127.0.0.1:5051");
        env.put("MESOS_FRAMEWORK_ID", "fw-1");
        env.put("MESOS_EXECUTOR_ID", "exec-1");
        env.put("MESOS_SANDBOX", sandbox.toString());
        return env;
    }
}
