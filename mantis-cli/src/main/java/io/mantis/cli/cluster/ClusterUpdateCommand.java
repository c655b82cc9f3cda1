package io.mantis.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import io.mantis.cli.client.MasterClient;
import io.mantis.cli.options.DurationTypeOptions;
import io.mantis.master.api.Views;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mantis cluster update <name> ...}: changes only what is given; a new artifact becomes current. */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Change a job cluster; options not given keep their value.")
public final class ClusterUpdateCommand extends MasterCommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin
    ClusterSpecOptions options;

    @ArgGroup(exclusive = true)
    DurationTypeOptions durationType;

    ClusterUpdateCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        String path = "/clusters/" + MasterClient.segment(name);
        JsonNode current = client().get(path);
        Views.ClusterSpec body = new ClusterSpecs(client(), context.err())
                .build(null, current, options, DurationTypeOptions.of(durationType));
        JsonNode cluster = client().send("PUT", path, body);
        if (json()) {
            printJson(cluster);
        } else {
            out().print(ClusterRender.detail(cluster));
        }
        return 0;
    }
}
