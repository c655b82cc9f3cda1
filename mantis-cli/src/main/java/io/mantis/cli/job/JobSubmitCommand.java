package io.mantis.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliContext;
import io.mantis.cli.CliException;
import io.mantis.cli.MasterCommand;
import io.mantis.cli.client.Json;
import io.mantis.cli.client.MasterClient;
import io.mantis.cli.options.DurationConverter;
import io.mantis.cli.options.DurationTypeOptions;
import io.mantis.cli.options.KeyValue;
import io.mantis.cli.options.StageWorkers;
import io.mantis.cli.output.Formats;
import io.mantis.master.api.Views;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mantis job submit <jar>}: uploads the JAR, submits a job (to a named cluster, created or pointed at this
 * JAR as needed, or by quick submit), then waits until all its workers have started, printing progress. The job
 * id is always the last line of standard output; with {@code --json} the final JobView is printed instead and
 * progress goes to standard error.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Upload a job JAR and run it; waits until its workers have started.",
                "The last line printed is the job id: JOB=$(mantis job submit my-job.jar | tail -1)"})
public final class JobSubmitCommand extends MasterCommand {

    @Parameters(index = "0", paramLabel = "JAR", description = "The job JAR.")
    Path jar;

    @Option(names = "--cluster", paramLabel = "NAME",
            description = "Submit to this job cluster, creating it from the JAR if it does not exist, "
                    + "or making the JAR its current artifact if it does.")
    String cluster;

    @Option(names = "--param", paramLabel = "KEY=VALUE", converter = KeyValue.Converter.class,
            description = "A job parameter; repeatable.")
    List<KeyValue> params;

    @Option(names = "--workers", paramLabel = "STAGE=N", converter = StageWorkers.Converter.class,
            description = "Workers of a stage (stages count from 1); repeatable.")
    List<StageWorkers> workers;

    @ArgGroup(exclusive = true)
    DurationTypeOptions durationType;

    @Option(names = "--subscription-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --transient: end the job after this long without a subscribed client "
                    + "(whole seconds, e.g. 30s or 2m; default: the cluster's, else 60s).")
    Duration subscriptionTimeout;

    @Option(names = "--runtime-limit", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "End the job this long after it was submitted (whole seconds, e.g. 10m or 1h; "
                    + "default: the cluster's, else no limit).")
    Duration runtimeLimit;

    @Option(names = "--no-wait", description = "Print the job id at once instead of waiting for its workers.")
    boolean noWait;

    @Option(names = "--wait-timeout", paramLabel = "DURATION", defaultValue = "120s",
            converter = DurationConverter.class,
            description = "How long to wait for all workers to start (default: ${DEFAULT-VALUE}).")
    Duration waitTimeout;

    JobSubmitCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(jar)) {
            throw new CliException("JAR " + jar + " does not exist or is not a file; give the path of a job JAR");
        }
        PrintWriter progress = json() ? context.err() : out();
        MasterClient client = client();
        JsonNode artifact = client.upload(jar);
        String sha = Json.text(artifact, "sha256");
        progress.println("uploaded " + jar.getFileName() + " (" + Formats.size(artifact.path("size").asLong())
                + ", sha256 " + Formats.shortSha(sha) + ")");

        String type = DurationTypeOptions.of(durationType);
        Long timeoutSeconds = seconds(subscriptionTimeout, "--subscription-timeout");
        Long limitSeconds = seconds(runtimeLimit, "--runtime-limit");
        Map<String, String> parameters = KeyValue.toMap(params);
        Map<Integer, Integer> counts = StageWorkers.toMap(workers);
        JsonNode job;
        if (cluster != null) {
            pointClusterAt(client, sha, type, progress);
            job = client.send("POST", "/clusters/" + MasterClient.segment(cluster) + "/jobs",
                    new Views.SubmitRequest(cluster, sha, parameters, counts, type, timeoutSeconds, limitSeconds));
        } else {
            job = client.send("POST", "/jobs", new Views.SubmitRequest(null, sha, parameters, counts, type,
                    timeoutSeconds, limitSeconds));
        }
        String id = Json.text(job, "id");
        progress.println("submitted job " + id);
        if (!noWait) {
            job = new JobWaiter(client, context.pollInterval(), progress).awaitStarted(id, waitTimeout);
        }
        if (json()) {
            printJson(job);
        } else {
            out().println(id);
        }
        return 0;
    }

    /** The master counts in whole seconds: refuse what it would silently round. */
    private static Long seconds(Duration d, String option) {
        if (d == null) {
            return null;
        }
        if (d.toMillis() % 1000 != 0) {
            throw new CliException(option + " " + d.toMillis() + "ms: give whole seconds, e.g. 30s or 2m");
        }
        return d.toSeconds();
    }

    private void pointClusterAt(MasterClient client, String sha, String type, PrintWriter progress) {
        String path = "/clusters/" + MasterClient.segment(cluster);
        if (client.find(path).isEmpty()) {
            client.send("POST", "/clusters", new Views.ClusterSpec(cluster, sha, null, null, null, type));
            progress.println("created cluster " + cluster);
        } else {
            client.send("PUT", path, new Views.ClusterSpec(null, sha, null, null, null, null));
        }
    }
}
