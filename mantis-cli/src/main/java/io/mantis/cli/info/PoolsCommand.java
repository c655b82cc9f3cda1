package io.mantis.cli.info;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import io.mantis.cli.client.Json;
import io.mantis.cli.output.Formats;
import io.mantis.cli.output.Table;
import java.time.Duration;
import picocli.CommandLine.Command;

/**
 * {@code mantis pools}: each agent pool's autoscale rule (or {@code fixed} when it has none) and its agents by
 * state; {@code mantis pools events} lists the scale actions.
 */
@Command(name = "pools", mixinStandardHelpOptions = true,
        description = "List agent pools: autoscale rule and agents by state.",
        subcommands = PoolEventsCommand.class)
public final class PoolsCommand extends MasterCommand {

    PoolsCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        JsonNode pools = client().get("/pools");
        if (json()) {
            printJson(pools);
            return 0;
        }
        Table t = Table.of("POOL", "RULE", "ACTIVE", "IDLE", "DRAINING", "RELEASED", "LOST", "REQUESTED");
        for (JsonNode p : pools) {
            JsonNode agents = p.path("agents");
            t.row(Json.text(p, "pool"), rule(p.path("rule")), agents.path("active").asInt(),
                    agents.path("idle").asInt(), agents.path("draining").asInt(), agents.path("released").asInt(),
                    agents.path("lost").asInt(), p.path("requested").asInt());
        }
        out().print(t.render());
        return 0;
    }

    /** e.g. {@code 1-4 agents, idle 1-1, cool-down 30s}; {@code fixed} for a pool that never scales. */
    static String rule(JsonNode rule) {
        if (rule.isMissingNode() || rule.isNull()) {
            return "fixed";
        }
        return rule.path("minSize").asInt() + "-" + rule.path("maxSize").asInt() + " agents, idle "
                + rule.path("minIdle").asInt() + "-" + rule.path("maxIdle").asInt() + ", cool-down "
                + Formats.duration(Duration.ofSeconds(rule.path("coolDownSeconds").asLong()));
    }
}
