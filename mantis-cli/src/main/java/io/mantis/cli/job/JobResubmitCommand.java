package io.mantis.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import io.mantis.cli.client.MasterClient;
import io.mantis.master.api.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mantis job resubmit <id> <workerId>}: replaces one worker (same index, next number). */
@Command(name = "resubmit", mixinStandardHelpOptions = true,
        description = "Replace one worker of a job with a fresh one.")
public final class JobResubmitCommand extends MasterCommand {

    @Parameters(index = "0", paramLabel = "JOB_ID")
    String id;

    @Parameters(index = "1", paramLabel = "WORKER_ID", description = "As shown by `mantis job status`.")
    String workerId;

    JobResubmitCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        JsonNode job = client().send("POST", "/jobs/" + MasterClient.segment(id) + "/actions/resubmit",
                new Views.ResubmitRequest(workerId));
        if (json()) {
            printJson(job);
        } else {
            out().println("resubmitting worker " + workerId + " of job " + id);
        }
        return 0;
    }
}
