package io.mantis.cli;

import picocli.CommandLine;

/**
 * The {@code mantis} command. Exit codes: 0 success, 1 a failure reported as {@code error: <message>} (the
 * master refused, could not be reached, a job ended), 2 a usage error (picocli's message and the usage).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(CliContext.system(), args);
        // "mantis up" returns only on failure; other commands end here. Non-daemon threads (HttpClient's
        // selector) must not keep the JVM alive.
        System.exit(code);
    }

    /** Runs one command line against {@code context}; returns the exit code. Never calls {@code System.exit}. */
    public static int run(CliContext context, String... args) {
        CommandLine cmd = commandLine(context);
        int code = cmd.execute(args);
        context.out().flush();
        context.err().flush();
        return code;
    }

    static CommandLine commandLine(CliContext context) {
        CommandLine cmd = new CommandLine(MantisCommand.class, new CommandFactory(context));
        cmd.setOut(context.out());
        cmd.setErr(context.err());
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CliException) {
                context.err().println("error: " + ex.getMessage());
            } else {
                // A bug or an environment problem we did not foresee: keep the trace for the report.
                context.err().println("error: unexpected " + ex);
                ex.printStackTrace(context.err());
            }
            return 1;
        });
        return cmd;
    }
}
