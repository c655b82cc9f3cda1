package io.mantis.bench.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The harness's knobs. Each has a system property ({@code -Dbench.events=...}) and a command-line flag
 * ({@code --events 20M}); flags win. {@code --quick} sets small values for a smoke run, and flags after it
 * still override them.
 */
record Options(long events, int runs, int keys, double latencySeconds, double latencyWarmupSeconds,
               List<String> systems, Path jobJar,
               Path workDir, List<String> childJvmOptions) {

    static final List<String> ALL_SYSTEMS = List.of("netty", "mantis-proc", "mantis-jvm", "flink");

    static final String USAGE = String.join("\n",
            "usage: data-plane.sh [--quick] [--events N] [--runs N] [--keys N] [--latency-seconds S]",
            "                     [--latency-warmup-seconds S]",
            "                     [--systems netty,mantis-proc,mantis-jvm,flink] [--job-jar PATH]",
            "                     [--work-dir DIR] [--child-jvm-opts \"-Xmx1g ...\"]",
            "  N accepts k/M suffixes (10M = 10,000,000). Defaults: 10M events, 3 runs, 10000 keys, latency runs of",
            "  2 s warm-up (not recorded) + 5 s measured, all systems. --quick: 1M events, 3 runs, 1 s + 2 s.",
            "  Same knobs as system properties: bench.events, bench.runs, bench.keys, bench.latencySeconds,",
            "  bench.latencyWarmupSeconds,",
            "  bench.systems, bench.jobJar, bench.workDir, bench.childJvmOpts.");

    static Options parse(String[] args) {
        long events = count(System.getProperty("bench.events", "10M"), "bench.events");
        int runs = (int) count(System.getProperty("bench.runs", "3"), "bench.runs");
        int keys = (int) count(System.getProperty("bench.keys", "10000"), "bench.keys");
        double latencySeconds = Double.parseDouble(System.getProperty("bench.latencySeconds", "5"));
        double latencyWarmupSeconds = Double.parseDouble(System.getProperty("bench.latencyWarmupSeconds", "2"));
        String systems = System.getProperty("bench.systems", String.join(",", ALL_SYSTEMS));
        String jobJar = System.getProperty("bench.jobJar", "");
        String workDir = System.getProperty("bench.workDir", "");
        String childOpts = System.getProperty("bench.childJvmOpts",
                "-Xms1g -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--quick" -> {
                    events = 1_000_000;
                    runs = 3;
                    latencySeconds = 2;
                    latencyWarmupSeconds = 1;
                }
                case "--events" -> events = count(value(args, ++i, flag), flag);
                case "--runs" -> runs = (int) count(value(args, ++i, flag), flag);
                case "--keys" -> keys = (int) count(value(args, ++i, flag), flag);
                case "--latency-seconds" -> latencySeconds = Double.parseDouble(value(args, ++i, flag));
                case "--latency-warmup-seconds" -> latencyWarmupSeconds = Double.parseDouble(value(args, ++i, flag));
                case "--systems" -> systems = value(args, ++i, flag);
                case "--job-jar" -> jobJar = value(args, ++i, flag);
                case "--work-dir" -> workDir = value(args, ++i, flag);
                case "--child-jvm-opts" -> childOpts = value(args, ++i, flag);
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown argument '" + flag + "'\n" + USAGE);
            }
        }
        if (events < 1 || runs < 1 || keys < 1 || keys > 100_000 || !(latencySeconds > 0)
                || !(latencyWarmupSeconds >= 0)) {
            throw new IllegalArgumentException("events, runs and latency seconds must be positive, keys in "
                    + "1..100000, latency warm-up seconds not negative\n" + USAGE);
        }
        List<String> chosen = new ArrayList<>();
        for (String s : systems.split(",")) {
            String name = s.trim().toLowerCase(Locale.ROOT);
            if (!ALL_SYSTEMS.contains(name)) {
                throw new IllegalArgumentException("unknown system '" + name + "'; choose from " + ALL_SYSTEMS);
            }
            chosen.add(name);
        }
        List<String> childJvmOptions = childOpts.isBlank() ? List.of()
                : Arrays.asList(childOpts.trim().split("\\s+"));
        return new Options(events, runs, keys, latencySeconds, latencyWarmupSeconds, List.copyOf(chosen),
                jobJar.isBlank() ? null : Path.of(jobJar), workDir.isBlank() ? null : Path.of(workDir),
                List.copyOf(childJvmOptions));
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    /** Parses 20M, 500k, 10_000_000 or 10000000. */
    static long count(String text, String what) {
        String t = text.trim().replace("_", "").toLowerCase(Locale.ROOT);
        long factor = 1;
        if (t.endsWith("m")) {
            factor = 1_000_000;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("k")) {
            factor = 1_000;
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.round(Double.parseDouble(t) * factor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + text + "' is not a count such as 10M, 500k or 1000");
        }
    }
}
