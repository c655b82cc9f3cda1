package io.mantis.cli.up;

import io.mantis.cli.CliContext;
import io.mantis.cli.CliException;
import io.mantis.cli.options.CliConfig;
import io.mantis.cli.output.Formats;
import io.mantis.master.MasterConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import io.mantis.master.pools.PoolRule;
import io.mantis.master.resources.mesos.ScaleHook;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mantis up}: a master with embedded ZooKeeper (or {@code --zk}) and local agents in this process, until
 * Ctrl-C. The transient pool grows and shrinks by its rule ({@link PoolOptions}); the perpetual pool only when
 * asked. A shutdown hook stops the agents (killing their workers) and then the master.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run a master and local agents on this machine until Ctrl-C.")
public final class UpCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--port", defaultValue = "8100", description = "REST API port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Artifacts, ZooKeeper data and agents' work (default: ~/.mantis/data).")
    Path dataDir;

    @Option(names = "--perpetual-agents", paramLabel = "N", defaultValue = "2",
            description = "Agents for perpetual jobs (default: ${DEFAULT-VALUE}).")
    int perpetualAgents;

    @Option(names = "--transient-agents", paramLabel = "N", defaultValue = "1",
            description = "Agents for transient jobs (default: ${DEFAULT-VALUE}).")
    int transientAgents;

    @Option(names = "--agent-cpus", paramLabel = "N", defaultValue = "4",
            description = "Cpus each agent offers (default: ${DEFAULT-VALUE}).")
    double agentCpus;

    @Option(names = "--agent-memory", paramLabel = "MB", defaultValue = "8192",
            description = "Memory each agent offers (default: ${DEFAULT-VALUE}).")
    double agentMemory;

    @Option(names = "--agent-network", paramLabel = "MBPS", defaultValue = "1000",
            description = "Network bandwidth each agent offers (default: ${DEFAULT-VALUE}).")
    double agentNetwork;

    @Option(names = "--agent-disk", paramLabel = "MB", defaultValue = "20480",
            description = "Disk each agent offers (default: ${DEFAULT-VALUE}).")
    double agentDisk;

    @Option(names = "--zk", paramLabel = "HOST:PORT,...",
            description = "Use this ZooKeeper ensemble instead of an embedded one.")
    String zookeeper;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Require this API token for changes (default: $MANTIS_TOKEN, else 'token' in "
                    + "~/.mantis/config, else none).")
    String token;

    @Option(names = "--bind", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address the master listens on, and gives agents, Mesos's fetcher and workers to reach it "
                    + "(default: ${DEFAULT-VALUE}; on a Mesos cluster, an address every agent can reach).")
    String bind;

    @Option(names = "--mesos", paramLabel = "URL|zk://HOST:PORT/PATH",
            description = "Run workers on this Mesos cluster (http://master:5050[,...] or zk://zk:2181/mesos) "
                    + "instead of local agents.")
    String mesos;

    @Option(names = "--executor-jar", paramLabel = "PATH",
            description = "The Mesos executor's JAR (default: mantis-worker-executor/target/"
                    + EXECUTOR_JAR + " of this build).")
    Path executorJar;

    @Option(names = "--scaler-command", paramLabel = "CMD",
            description = "With --mesos: a shell command that releases and adds Mesos agents; it gets "
                    + "MANTIS_SCALE_ACTION (release|scale-up), MANTIS_POOL, MANTIS_AGENT_ID, MANTIS_AGENT_HOSTNAME "
                    + "or MANTIS_SCALE_COUNT in its environment (see docs/mesos.md).")
    String scalerCommand;

    @Option(names = "--scaler-url", paramLabel = "URL",
            description = "With --mesos: an HTTP endpoint that releases and adds Mesos agents, given JSON "
                    + "{\"action\",\"pool\",\"agentId\",\"hostname\"} or {\"action\",\"pool\",\"count\"}.")
    String scalerUrl;

    static final String EXECUTOR_JAR = "mantis-worker-executor-0.1.0-SNAPSHOT-all.jar";

    @Mixin
    PoolOptions pools;

    UpCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        AgentPlan plan = mesos != null ? null : new AgentPlan(perpetualAgents, transientAgents, agentCpus,
                agentMemory, agentNetwork, agentDisk);
        if (port < 0 || port > 65535) {
            throw new CliException("--port " + port + ": give a port from 1 to 65535 (0 picks a free one)");
        }
        Path dir = dataDir != null ? dataDir : context.mantisDir().resolve("data");
        createDirectories(dir);
        String apiToken = CliConfig.resolve(null, token, context.env(), context.configFile()).token();
        checkScaler();
        List<PoolRule> rules = plan == null ? pools.mesosRules() : pools.rules(plan);
        MasterConfig config = MasterConfig.defaults(dir).withBindHost(bind).withPort(port).withApiToken(apiToken)
                .withPools(rules);
        if (zookeeper != null) {
            config = config.withZookeeper(zookeeper);
        }
        if (mesos != null) {
            config = config.withMesos(mesos).withExecutorJar(executorJar(executorJar))
                    .withScalerCommand(scalerCommand).withScalerUrl(scalerUrl);
        }
        ensurePortFree(config.bindHost(), port);

        LocalCluster cluster = start(config, plan, dir);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "mantis-up-shutdown"));
        PrintWriter out = context.out();
        String api = cluster.url() + "/api/v1";
        out.println("Mantis is up: API " + api + ", metrics " + cluster.url() + "/metrics, ZooKeeper "
                + cluster.zookeeper() + ", " + (mesos != null ? "workers on Mesos " + mesos
                : perpetualAgents + " perpetual + " + transientAgents + " transient agents") + " (data in " + dir
                + ").");
        out.println("Autoscaling: " + describe(rules) + (mesos == null ? ""
                : rules.isEmpty() ? "" : "; agents released and asked for through " + (scalerCommand != null
                ? "the scaler command" : scalerUrl != null ? "the scaler URL " + scalerUrl
                : "nothing (no --scaler-command or --scaler-url: only logged)")));
        out.println("Submit a job: mantis job submit <jar>"
                + (port == 8100 ? "" : " --master " + cluster.url()) + "    Stop: Ctrl-C");
        out.flush();
        // Runs until the JVM is asked to exit; the shutdown hook then stops everything this command started.
        new CountDownLatch(1).await();
        return 0;
    }

    /** The scaler flags only mean something on Mesos, and only one of them at a time. */
    private void checkScaler() {
        if (mesos == null && (scalerCommand != null || scalerUrl != null)) {
            throw new CliException((scalerCommand != null ? "--scaler-command" : "--scaler-url") + " applies to "
                    + "--mesos only: local agents are started and stopped by mantis up itself");
        }
        if (scalerCommand != null && scalerUrl != null) {
            throw new CliException("--scaler-command and --scaler-url are both given: give one of them");
        }
        if (scalerCommand != null && scalerCommand.isBlank()) {
            throw new CliException("--scaler-command is blank: give a shell command line");
        }
        if (scalerUrl != null) {
            try {
                ScaleHook.checkedUrl(scalerUrl);
            } catch (IllegalArgumentException e) {
                throw new CliException("--scaler-url: " + e.getMessage());
            }
        }
    }

    /** e.g. {@code transient 1-4 agents, idle 1-1, cool-down 30s; perpetual fixed}. */
    static String describe(List<PoolRule> rules) {
        String scaled = rules.stream().map(r -> r.pool() + " " + r.minSize() + "-" + r.maxSize() + " agents, idle "
                + r.minIdle() + "-" + r.maxIdle() + ", cool-down " + Formats.duration(r.coolDown()))
                .collect(Collectors.joining("; "));
        String fixed = List.of("perpetual", "transient").stream()
                .filter(p -> rules.stream().noneMatch(r -> r.pool().equals(p)))
                .map(p -> p + " fixed").collect(Collectors.joining("; "));
        return scaled.isEmpty() ? fixed : fixed.isEmpty() ? scaled : scaled + "; " + fixed;
    }

    private static LocalCluster start(MasterConfig config, AgentPlan plan, Path dir) {
        try {
            return plan == null ? LocalCluster.masterOnly(config) : LocalCluster.start(config, plan, dir);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw new CliException("cannot start: a port is in use (" + t.getMessage() + "); is another "
                            + "`mantis up` running? Stop it, or pick other ports with --port", e);
                }
            }
            throw new CliException("cannot start the master: " + e.getMessage(), e);
        }
    }

    /**
     * The executor JAR Mesos fetches: {@code explicit} if given, else the one built beside this CLI, found by
     * walking up from the CLI's own JAR (or classes directory) to a directory holding
     * {@code mantis-worker-executor/target/}{@value #EXECUTOR_JAR}.
     */
    static Path executorJar(Path explicit) {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new CliException("--executor-jar " + explicit + " is not a file: build it with "
                        + "'mvn -pl mantis-worker-executor -am package' or give the right path");
            }
            return explicit.toAbsolutePath();
        }
        Path here;
        try {
            here = Path.of(UpCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            here = Path.of("").toAbsolutePath();
        }
        for (Path dir = here.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve("mantis-worker-executor").resolve("target").resolve(EXECUTOR_JAR);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new CliException("no Mesos executor JAR found near " + here + ": build it with "
                + "'mvn -pl mantis-worker-executor -am package', or give --executor-jar PATH");
    }

    /** Fails early, with a message a user can act on, rather than deep inside the master's startup. */
    static void ensurePortFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (BindException e) {
            throw new CliException("port " + port + " on " + host + " is in use: is `mantis up` already running? "
                    + "Stop it, or pick another port with --port");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot probe port " + port + " on " + host, e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CliException("cannot create the data directory " + dir + ": " + e.getMessage()
                    + "; pick another with --data-dir");
        }
    }
}
