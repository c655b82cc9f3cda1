package io.mantis.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import io.mantis.cli.client.MasterClient;
import io.mantis.master.api.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mantis job scale <id> <stage> <n>}. */
@Command(name = "scale", mixinStandardHelpOptions = true, description = "Set the worker count of a job's stage.")
public final class JobScaleCommand extends MasterCommand {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB_ID")
    String id;

    @Parameters(index = "1", paramLabel = "STAGE", description = "Stage number, from 1.")
    int stage;

    @Parameters(index = "2", paramLabel = "N", description = "Workers the stage should have, at least 1.")
    int workers;

    JobScaleCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        if (stage < 1) {
            throw new ParameterException(spec.commandLine(), "STAGE " + stage + ": stages are numbered from 1");
        }
        if (workers < 1) {
            throw new ParameterException(spec.commandLine(), "N " + workers
                    + ": a stage needs at least 1 worker; to stop the job use `mantis job kill " + id + "`");
        }
        JsonNode job = client().send("POST", "/jobs/" + MasterClient.segment(id) + "/actions/scale",
                new Views.ScaleRequest(stage, workers));
        if (json()) {
            printJson(job);
        } else {
            out().println("scaling job " + id + " stage " + stage + " to " + workers + " workers");
        }
        return 0;
    }
}
