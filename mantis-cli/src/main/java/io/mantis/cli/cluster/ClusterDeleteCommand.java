package io.mantis.cli.cluster;

import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import io.mantis.cli.client.MasterClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mantis cluster delete <name>}; the master refuses while the cluster has active jobs. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a job cluster (kill its active jobs first).")
public final class ClusterDeleteCommand extends MasterCommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    ClusterDeleteCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        client().send("DELETE", "/clusters/" + MasterClient.segment(name), null);
        out().println("deleted cluster " + name);
        return 0;
    }
}
