package io.mantis.cli.job;

import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mantis job tail <id>}: prints the job's output events as they arrive. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Print a job's output (each event's data on a line) until Ctrl-C or --limit events.",
                "Reads the SSE sinks of the job's last stage, and follows replaced workers."})
public final class JobTailCommand extends MasterCommand {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB_ID")
    String id;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Stop after N events (default: no limit).")
    long limit;

    @Option(names = "--client-id", paramLabel = "ID",
            description = "Share the stream with other clients of this id: each event goes to one of them.")
    String clientId;

    JobTailCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new ParameterException(spec.commandLine(), "--limit " + limit + ": give 0 (no limit) or more");
        }
        new SinkTailer(client(), id, clientId, limit, context.pollInterval(), out(), context.err()).run();
        return 0;
    }
}
