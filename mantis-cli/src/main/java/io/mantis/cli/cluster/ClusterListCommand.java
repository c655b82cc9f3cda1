package io.mantis.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import picocli.CommandLine.Command;

/** {@code mantis cluster list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List job clusters.")
public final class ClusterListCommand extends MasterCommand {

    ClusterListCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        JsonNode clusters = client().get("/clusters");
        if (json()) {
            printJson(clusters);
        } else {
            out().print(ClusterRender.list(clusters));
        }
        return 0;
    }
}
