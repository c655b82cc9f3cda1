package io.mantis.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import io.mantis.cli.client.MasterClient;
import io.mantis.master.api.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mantis job kill <id> [--reason R]}. */
@Command(name = "kill", mixinStandardHelpOptions = true, description = "Kill a job and all its workers.")
public final class JobKillCommand extends MasterCommand {

    @Parameters(index = "0", paramLabel = "JOB_ID")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; stored as the job's reason.")
    String reason;

    JobKillCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        JsonNode job = client().send("POST", "/jobs/" + MasterClient.segment(id) + "/actions/kill",
                new Views.KillRequest(reason));
        if (json()) {
            printJson(job);
        } else {
            out().println("killed job " + id);
        }
        return 0;
    }
}
