package io.mantis.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mantis job list [--cluster C] [--state S]}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs.")
public final class JobListCommand extends MasterCommand {

    @Option(names = "--cluster", paramLabel = "NAME", description = "Only this cluster's jobs.")
    String cluster;

    @Option(names = "--state", paramLabel = "STATE",
            description = "Only jobs in this state: active (not ended), or a job state such as RUNNING or FAILED.")
    String state;

    JobListCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        if (cluster != null) {
            query.add("cluster=" + URLEncoder.encode(cluster, StandardCharsets.UTF_8));
        }
        if (state != null) {
            query.add("state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
        }
        JsonNode jobs = client().get("/jobs" + query);
        if (json()) {
            printJson(jobs);
        } else {
            out().print(JobRender.list(jobs, System.currentTimeMillis()));
        }
        return 0;
    }
}
