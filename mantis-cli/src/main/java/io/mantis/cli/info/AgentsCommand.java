package io.mantis.cli.info;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import io.mantis.cli.client.Json;
import io.mantis.cli.output.Formats;
import io.mantis.cli.output.Table;
import picocli.CommandLine.Command;

/**
 * {@code mantis agents}: the agents the master knows, each with its pool, its state ({@code active}, {@code idle},
 * {@code draining}, {@code released} or {@code lost}) and what its workers use and leave free.
 */
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
        Table t = Table.of("AGENT", "HOST", "POOL", "STATE", "CPUS USED/FREE", "MEMORY MB USED/FREE", "WORKERS",
                "ISOLATION");
        for (JsonNode a : agents) {
            JsonNode total = a.path("total");
            t.row(Json.text(a, "agentId"), Json.text(a, "hostname"), Json.text(a, "pool"), Json.text(a, "state"),
                    usedFree(a.path("cpusUsed").asDouble(), total.path("cpus").asDouble()),
                    usedFree(a.path("memoryUsedMB").asDouble(), total.path("memoryMB").asDouble()),
                    a.path("workers").size(), Json.text(a, "isolation"));
        }
        out().print(t.render());
        return 0;
    }

    /** {@code used/free}; free never below 0, as a released or lost agent offers nothing. */
    private static String usedFree(double used, double total) {
        return Formats.number(used) + "/" + Formats.number(Math.max(0, total - used));
    }
}
