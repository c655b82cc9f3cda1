package io.mantis.cli.info;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import io.mantis.cli.client.Json;
import io.mantis.cli.output.Formats;
import io.mantis.cli.output.Table;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code mantis pools events}: every scale action the master took (scale up, drain, release), oldest first. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "List the pools' scale actions: scale_up, drain, release.")
public final class PoolEventsCommand extends MasterCommand {

    PoolEventsCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        JsonNode events = client().get("/pools/events");
        if (json()) {
            printJson(events);
            return 0;
        }
        Table t = Table.of("TIME", "POOL", "ACTION", "COUNT", "AGENTS", "REASON");
        for (JsonNode e : events) {
            List<String> ids = new ArrayList<>();
            e.path("agentIds").forEach(id -> ids.add(id.asText()));
            t.row(Formats.time(e.path("time")), Json.text(e, "pool"), Json.text(e, "action"),
                    e.path("count").asInt(), ids.isEmpty() ? null : String.join(",", ids), Json.text(e, "reason"));
        }
        out().print(t.render());
        return 0;
    }
}
