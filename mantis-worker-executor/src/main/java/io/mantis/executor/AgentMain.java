package io.mantis.executor;

import io.mantis.executor.agent.AgentConfig;
import io.mantis.executor.agent.EmbeddedAgent;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one embedded agent as its own process, until SIGTERM (which kills its workers first).
 *
 * <pre>
 * java -cp &lt;class path&gt; io.mantis.executor.AgentMain --master http://127.0.0.1:8100 --id a1 --pool perpetual \
 *     --cpus 4 --memory 8192 --network 1000 --ports 31000-31999 --work-dir /tmp/a1 [--disk 10240] [--token T]
 * </pre>
 *
 * Prints {@code MANTIS-AGENT-READY <agent url>} once serving. Exit codes: 143 after SIGTERM (its workers are
 * stopped first), 2 bad arguments (the message names the option).
 */
public final class AgentMain {

    static final String USAGE = "usage: AgentMain --master <url> --id <agent id> --pool <perpetual|transient>"
            + " --cpus <n> --memory <MB> --network <Mbps> --ports <begin-end> --work-dir <dir>"
            + " [--disk <MB>] [--token <token>]";
    private static final List<String> REQUIRED = List.of("--master", "--id", "--pool", "--cpus", "--memory",
            "--network", "--ports", "--work-dir");
    private static final List<String> OPTIONAL = List.of("--disk", "--token");

    private AgentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        AgentConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        EmbeddedAgent agent = EmbeddedAgent.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "mantis-agent-shutdown"));
        System.out.println("MANTIS-AGENT-READY " + agent.url());
        System.out.flush();
        stopped.await();
    }

    /** @throws IllegalArgumentException naming the option that is missing or wrong */
    static AgentConfig parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (!REQUIRED.contains(option) && !OPTIONAL.contains(option)) {
                throw new IllegalArgumentException("unknown option '" + option + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            if (values.put(option, args[i + 1]) != null) {
                throw new IllegalArgumentException(option + " is given twice");
            }
        }
        for (String option : REQUIRED) {
            if (!values.containsKey(option)) {
                throw new IllegalArgumentException(option + " is missing");
            }
        }
        String ports = values.get("--ports");
        int dash = ports.indexOf('-');
        if (dash < 1) {
            throw new IllegalArgumentException("--ports '" + ports + "' must be a range such as 31000-31999");
        }
        String id = values.get("--id");
        return new AgentConfig(id, values.get("--master"), values.get("--pool"),
                number("--cpus", values.get("--cpus")), number("--memory", values.get("--memory")),
                number("--network", values.get("--network")),
                number("--disk", values.getOrDefault("--disk", "10240")),
                port("--ports", ports.substring(0, dash)), port("--ports", ports.substring(dash + 1)),
                Path.of(values.get("--work-dir")), values.get("--token"), "mantis/" + id);
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + value + "' is not a number");
        }
    }

    private static int port(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a port number");
        }
    }
}
