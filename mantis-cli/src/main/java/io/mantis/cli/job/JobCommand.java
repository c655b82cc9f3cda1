package io.mantis.cli.job;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mantis job <command>}. */
@Command(name = "job", mixinStandardHelpOptions = true, description = "Submit, inspect, scale, tail and kill jobs.",
        subcommands = {JobSubmitCommand.class, JobListCommand.class, JobStatusCommand.class, JobKillCommand.class,
                JobScaleCommand.class, JobResubmitCommand.class, JobTailCommand.class})
public final class JobCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
