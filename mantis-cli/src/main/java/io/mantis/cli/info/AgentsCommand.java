package io.mantis.cli.info;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import io.mantis.cli.client.Json;
import io.mantis.cli.output.Formats;
import io.mantis.cli.output.Table;
import picocli.CommandLine.Command;

/** {@code mantis agents}: the agents the master knows, with what they use of what they offer. */
@Command(name = "agents", mixinStandardHelpOptions = true, description = "List agents and their resources.")
public final class AgentsCommand extends MasterCommand {

    AgentsCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        JsonNode agents = client().get("/agents");
        if (json()) {
            printJson(agents);
            return 0;
        }
        Table t = Table.of("AGENT", "HOST", "POOL", "STATE", "CPUS", "MEMORY MB", "WORKERS", "ISOLATION");
        for (JsonNode a : agents) {
            JsonNode total = a.path("total");
            t.row(Json.text(a, "agentId"), Json.text(a, "hostname"), Json.text(a, "pool"), Json.text(a, "state"),
                    Formats.number(a.path("cpusUsed").asDouble()) + "/" + Formats.number(total.path("cpus").asDouble()),
                    Formats.number(a.path("memoryUsedMB").asDouble()) + "/"
                            + Formats.number(total.path("memoryMB").asDouble()),
                    a.path("workers").size(), Json.text(a, "isolation"));
        }
        out().print(t.render());
        return 0;
    }
}
