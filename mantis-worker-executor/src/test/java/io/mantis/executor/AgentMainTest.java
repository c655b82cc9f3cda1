package io.mantis.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.executor.agent.AgentConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMainTest {

    private static final String[] GOOD = {"--master", "http://127.0.0.1:1", "--id", "a1", "--pool", "perpetual",
            "--cpus", "4", "--memory", "8192", "--network", "1000", "--ports", "31000-31999", "--work-dir", "/tmp/a1"};

    @Test
    void parsesEveryOption() {
        AgentConfig c = AgentMain.parse(GOOD);
        assertEquals("a1", c.agentId());
        assertEquals(4, c.cpus());
        assertEquals(8192, c.memoryMB());
        assertEquals(31000, c.portsBegin());
        assertEquals(31999, c.portsEnd());
        assertEquals(Path.of("/tmp/a1"), c.workDir());
        assertEquals("mantis/a1", c.cgroupParent());
    }

    @Test
    void badArgumentsNameTheOption() {
        assertMessage("--cpus 'four' is not a number", "--cpus", "four");
        assertMessage("--ports '31000' must be a range", "--ports", "31000");
        assertMessage("ports 31999-31000 are not a range", "--ports", "31999-31000");
        assertMessage("masterUrl 'localhost:8100' is not an http URL", "--master", "localhost:8100");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> AgentMain.parse(new String[] {"--id", "a1"}));
        assertEquals("--master is missing", missing.getMessage());
    }

    @Test
    void runsUntilSigtermAndServesItsWorkers(@TempDir Path dir) throws Exception {
        String[] args = GOOD.clone();
        args[args.length - 1] = dir.toString();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), AgentMain.class.getName()));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertTrue(line != null && line.startsWith("MANTIS-AGENT-READY http://127.0.0.1:"), "not ready: " + line);
            HttpResponse<String> workers = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(line.substring("MANTIS-AGENT-READY ".length()) + "/workers")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("[]", workers.body());

            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the agent did not stop on SIGTERM");
        } finally {
            p.destroyForcibly();
        }
    }

    private static void assertMessage(String expected, String option, String value) {
        String[] args = GOOD.clone();
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals(option)) {
                args[i + 1] = value;
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentMain.parse(args));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
