package io.mantis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.client.Json;
import io.mantis.cli.client.MasterClient;
import io.mantis.cli.options.GlobalOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * Base of the commands that talk to a master over HTTP: they get {@code --master}, {@code --token} and
 * {@code --json}, and a client built from them on first use.
 */
public abstract class MasterCommand implements Callable<Integer> {

    protected final CliContext context;

    @Mixin
    protected GlobalOptions global;

    private MasterClient client;

    protected MasterCommand(CliContext context) {
        this.context = context;
    }

    protected final MasterClient client() {
        if (client == null) {
            client = MasterClient.create(global.resolve(context));
        }
        return client;
    }

    protected final PrintWriter out() {
        return context.out();
    }

    protected final boolean json() {
        return global.json();
    }

    protected final void printJson(JsonNode node) {
        out().println(Json.pretty(node));
    }
}
