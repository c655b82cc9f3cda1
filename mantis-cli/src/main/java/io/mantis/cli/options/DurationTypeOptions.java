package io.mantis.cli.options;

import picocli.CommandLine.Option;

/** {@code --perpetual | --transient}, used as an exclusive argument group; absent means the master's default. */
public final class DurationTypeOptions {

    @Option(names = "--perpetual", required = true, description = "Run until killed (the default).")
    boolean perpetual;

    @Option(names = "--transient", required = true,
            description = "Interactive: ends when no client has been subscribed for a while.")
    boolean transientType;

    /** "PERPETUAL", "TRANSIENT", or null when {@code group} (picocli's, null if neither was given) is null. */
    public static String of(DurationTypeOptions group) {
        if (group == null) {
            return null;
        }
        return group.transientType ? "TRANSIENT" : "PERPETUAL";
    }
}
