package io.mantis.cli.cluster;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mantis cluster <command>}. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Manage job clusters: named job templates with an artifact, parameters, layout and SLA.",
        subcommands = {ClusterListCommand.class, ClusterGetCommand.class, ClusterCreateCommand.class,
                ClusterUpdateCommand.class, ClusterDeleteCommand.class})
public final class ClusterCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
