package io.mantis.cli;

import io.mantis.cli.cluster.ClusterCommand;
import io.mantis.cli.info.AgentsCommand;
import io.mantis.cli.info.ArtifactsCommand;
import io.mantis.cli.info.PoolsCommand;
import io.mantis.cli.job.JobCommand;
import io.mantis.cli.up.UpCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root: {@code mantis <command>}. Alone, it is a usage error that lists the commands. */
@Command(name = "mantis", mixinStandardHelpOptions = true, version = "mantis 0.1.0-SNAPSHOT",
        description = "Run streaming jobs on a Mantis master.",
        subcommands = {UpCommand.class, JobCommand.class, ClusterCommand.class, AgentsCommand.class,
                PoolsCommand.class, ArtifactsCommand.class},
        footer = {"", "The master is --master, else $MANTIS_MASTER, else 'master' in ~/.mantis/config,",
                "else http://127.0.0.1:8100. Start one on this machine with: mantis up"})
public final class MantisCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
