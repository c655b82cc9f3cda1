package io.mantis.runtime.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantis.sdk.InvalidJobException;
import io.mantis.sdk.InvalidParameterException;
import io.mantis.sdk.ParameterValues;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The worker process: runs one stage of one job from an {@link Assignment}. The executor launches exactly
 * this class.
 *
 * <pre>
 * java -cp &lt;runtime class path&gt; io.mantis.runtime.worker.WorkerMain --assignment assignment.json
 * java -cp &lt;runtime class path&gt; io.mantis.runtime.worker.WorkerMain --assignment-json '{...}'
 * java -cp ... io.mantis.runtime.worker.WorkerMain --assignment assignment.json \
 *     --heartbeat-url http://master/api/v1/workers/&lt;id&gt;/heartbeat --heartbeat-interval-ms 1000 --exit-with-parent
 * </pre>
 *
 * <p>With {@code --heartbeat-url}, once ready the worker posts its {@link MasterHeartbeats heartbeat} there every
 * {@code --heartbeat-interval-ms} (default 1000), with the {@code MANTIS_TOKEN} environment variable as bearer
 * token when set; a 404 answer stops the worker as SIGTERM would (exit code 143). With {@code --exit-with-parent}
 * the worker also stops that way when the process that started it dies, so it never outlives its agent.
 *
 * <p>Once listening it prints one line {@value #READY_PREFIX}{@code {"dataPort":..,"sinkPort":..,"adminPort":..}}
 * on standard output. Exit codes: {@value #EXIT_COMPLETED} the stream completed; {@value #EXIT_STAGE_FAILED}
 * the stage failed (the error, naming job, stage and worker, and its stack trace are on standard error);
 * {@value #EXIT_USAGE} bad arguments or assignment; {@value #EXIT_BAD_JOB} the job JAR or a parameter was
 * rejected before anything ran.
 */
public final class WorkerMain {

    public static final String READY_PREFIX = "MANTIS-WORKER-READY ";
    public static final int EXIT_COMPLETED = 0;
    public static final int EXIT_STAGE_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_BAD_JOB = 3;
    /** Stopped from outside: SIGTERM, the master's 404 to a heartbeat, or the parent process gone. */
    public static final int EXIT_STOPPED = 143;
    private static final String USAGE = "usage: WorkerMain (--assignment <file.json> | --assignment-json <json>)"
            + " [--heartbeat-url <url> [--heartbeat-interval-ms <n>]] [--exit-with-parent]";

    private WorkerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Options options;
        Assignment assignment;
        try {
            options = Options.parse(args);
            assignment = Assignment.fromJson(options.readAssignment());
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            return EXIT_USAGE;
        }
        if (assignment.jobJar() == null) {
            System.err.println("error: the assignment names no jobJar");
            return EXIT_USAGE;
        }
        LoadedJob loaded;
        ParameterValues parameters;
        try {
            loaded = JobJarLoader.load(Path.of(assignment.jobJar()));
            parameters = loaded.job().resolveParameters(assignment.parameters());
        } catch (InvalidJobException | InvalidParameterException e) {
            System.err.println("error: job " + assignment.jobId() + ": " + e.getMessage());
            return EXIT_BAD_JOB;
        }
        EventLoopGroup group = new NioEventLoopGroup(Math.min(2, Runtime.getRuntime().availableProcessors()));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StageWorker worker = new StageWorker(loaded.job(), assignment, parameters, group, registry, null);
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "mantis-worker-shutdown"));
        if (options.exitWithParent()) {
            exitWithParent(worker.label());
        }
        MasterHeartbeats heartbeats = null;
        try {
            StageWorker.Endpoints e = worker.start();
            System.out.println(readyLine(e));
            System.out.flush();
            if (options.heartbeatUrl() != null) {
                heartbeats = startHeartbeats(options, assignment, e, worker);
            }
            worker.completion().get();
            return EXIT_COMPLETED;
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            if (worker.state() == StageWorker.State.KILLED) {
                // Stopped from outside (SIGTERM runs the shutdown hook): not the stage's failure. The JVM, already
                // shutting down, exits with 143 whatever is returned here.
                System.err.println(worker.label() + " stopped");
                return EXIT_STAGE_FAILED;
            }
            System.err.println("error: " + failure.getMessage());
            failure.printStackTrace(System.err);
            return EXIT_STAGE_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_STAGE_FAILED;
        } catch (RuntimeException e) {
            System.err.println("error: " + worker.label() + " could not start: " + e);
            e.printStackTrace(System.err);
            return EXIT_STAGE_FAILED;
        } finally {
            if (heartbeats != null) {
                heartbeats.close();
            }
            worker.close();
            // Let queued writes (END frames, the sink's final event) reach the wire before the JVM exits.
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            System.err.flush();
        }
    }

    /** The line a launcher waits for: {@value #READY_PREFIX} and the ports as JSON. */
    static String readyLine(StageWorker.Endpoints endpoints) {
        try {
            return READY_PREFIX + new ObjectMapper().writeValueAsString(endpoints);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the worker's ports as JSON", e);
        }
    }

    private static MasterHeartbeats startHeartbeats(Options options, Assignment a, StageWorker.Endpoints e,
                                                    StageWorker worker) {
        String label = worker.label();
        String workerId = a.jobId() + "-" + a.stageNumber() + "-" + a.workerIndex() + "-" + a.workerNumber();
        MasterHeartbeats.Beat beat = new MasterHeartbeats.Beat(workerId, a.bindHost(), e.dataPort(), e.sinkPort(),
                e.adminPort());
        String token = System.getenv("MANTIS_TOKEN");
        MasterHeartbeats heartbeats = new MasterHeartbeats(options.heartbeatUrl(), options.heartbeatInterval(),
                token == null || token.isEmpty() ? null : token, beat, worker::subscribers, () -> {
                    System.err.println(label + " stopped: the master does not know it or has ended it");
                    System.exit(EXIT_STOPPED);
                });
        heartbeats.start();
        return heartbeats;
    }

    /** Watches the parent process; when it is gone (even killed hard), stops this worker as SIGTERM would. */
    private static void exitWithParent(String label) {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println(label + " stopped: its parent process " + parent.pid() + " has exited");
            System.exit(EXIT_STOPPED);
        }));
    }

    /** The command line, checked. */
    record Options(String assignmentFile, String assignmentJson, URI heartbeatUrl, Duration heartbeatInterval,
                   boolean exitWithParent) {

        /** @throws IllegalArgumentException naming the option and value that is wrong */
        static Options parse(String[] args) {
            String file = null;
            String json = null;
            URI url = null;
            Duration interval = null;
            boolean exitWithParent = false;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--exit-with-parent")) {
                    exitWithParent = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--assignment" -> file = value;
                    case "--assignment-json" -> json = value;
                    case "--heartbeat-url" -> url = parseUrl(value);
                    case "--heartbeat-interval-ms" -> interval = parseInterval(value);
                    default -> throw new IllegalArgumentException("unknown option '" + option + "'");
                }
            }
            if ((file == null) == (json == null)) {
                throw new IllegalArgumentException("expected exactly one of --assignment <file> or "
                        + "--assignment-json <json>");
            }
            if (interval != null && url == null) {
                throw new IllegalArgumentException("--heartbeat-interval-ms needs --heartbeat-url");
            }
            return new Options(file, json, url, interval == null ? Duration.ofSeconds(1) : interval,
                    exitWithParent);
        }

        String readAssignment() throws IOException {
            return assignmentJson != null ? assignmentJson : Files.readString(Path.of(assignmentFile));
        }

        private static URI parseUrl(String value) {
            try {
                URI uri = new URI(value);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new URISyntaxException(value, "expected an http or https URL with a host");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--heartbeat-url '" + value + "' is not a usable URL: "
                        + e.getMessage());
            }
        }

        private static Duration parseInterval(String value) {
            try {
                long ms = Long.parseLong(value);
                if (ms > 0) {
                    return Duration.ofMillis(ms);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--heartbeat-interval-ms '" + value
                    + "' must be a positive number of milliseconds");
        }
    }
}
