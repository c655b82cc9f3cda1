package io.mantis.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import io.mantis.cli.client.MasterClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mantis job status <id>}: the job's fields, then a table of its workers. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a job and its workers.")
public final class JobStatusCommand extends MasterCommand {

    @Parameters(index = "0", paramLabel = "JOB_ID")
    String id;

    JobStatusCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        JsonNode job = client().get("/jobs/" + MasterClient.segment(id));
        if (json()) {
            printJson(job);
        } else {
            JobRender.status(job, out(), System.currentTimeMillis());
        }
        return 0;
    }
}
