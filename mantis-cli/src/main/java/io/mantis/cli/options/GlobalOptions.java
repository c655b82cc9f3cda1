package io.mantis.cli.options;

import io.mantis.cli.CliContext;
import picocli.CommandLine.Option;

/** The options every command talking to a master takes; mixed into each of them. */
public final class GlobalOptions {

    @Option(names = "--master", paramLabel = "URL",
            description = "The master's URL (default: $MANTIS_MASTER, else 'master' in ~/.mantis/config, "
                    + "else " + CliConfig.DEFAULT_MASTER + ").")
    String master;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "API token for changes (default: $MANTIS_TOKEN, else 'token' in ~/.mantis/config).")
    String token;

    @Option(names = "--json", description = "Print the master's JSON instead of tables.")
    boolean json;

    public boolean json() {
        return json;
    }

    public CliConfig resolve(CliContext context) {
        return CliConfig.resolve(master, token, context.env(), context.configFile());
    }
}
