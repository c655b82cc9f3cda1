package io.mantis.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import io.mantis.cli.client.MasterClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mantis cluster get <name>}. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Show a job cluster.")
public final class ClusterGetCommand extends MasterCommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    ClusterGetCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        JsonNode cluster = client().get("/clusters/" + MasterClient.segment(name));
        if (json()) {
            printJson(cluster);
        } else {
            out().print(ClusterRender.detail(cluster));
        }
        return 0;
    }
}
