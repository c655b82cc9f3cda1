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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The worker process: runs one stage of one job from an {@link Assignment}. The executor launches exactly
 * this class.
 *
 * <pre>
 * java -cp &lt;runtime class path&gt; io.mantis.runtime.worker.WorkerMain --assignment assignment.json
 * java -cp &lt;runtime class path&gt; io.mantis.runtime.worker.WorkerMain --assignment-json '{...}'
 * </pre>
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

    private WorkerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Assignment assignment;
        try {
            assignment = Assignment.fromJson(readAssignment(args));
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: WorkerMain --assignment <file.json> | --assignment-json <json>");
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
        try {
            StageWorker.Endpoints e = worker.start();
            System.out.println(readyLine(e));
            System.out.flush();
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

    private static String readAssignment(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--assignment")) {
            return Files.readString(Path.of(args[1]));
        }
        if (args.length == 2 && args[0].equals("--assignment-json")) {
            return args[1];
        }
        throw new IllegalArgumentException("expected --assignment <file> or --assignment-json <json>");
    }
}
