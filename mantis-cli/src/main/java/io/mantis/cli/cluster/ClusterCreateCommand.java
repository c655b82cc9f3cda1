package io.mantis.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import io.mantis.cli.options.DurationTypeOptions;
import io.mantis.master.api.Views;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mantis cluster create <name> --artifact <sha|jar> ...}. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a job cluster.")
public final class ClusterCreateCommand extends MasterCommand {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin
    ClusterSpecOptions options;

    @ArgGroup(exclusive = true)
    DurationTypeOptions durationType;

    ClusterCreateCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        if (options.artifact == null) {
            throw new ParameterException(spec.commandLine(),
                    "Missing required option: '--artifact=SHA|JAR' (a new cluster needs its job JAR)");
        }
        Views.ClusterSpec body = new ClusterSpecs(client(), context.err())
                .build(name, null, options, DurationTypeOptions.of(durationType));
        JsonNode cluster = client().send("POST", "/clusters", body);
        if (json()) {
            printJson(cluster);
        } else {
            out().print(ClusterRender.detail(cluster));
        }
        return 0;
    }
}
