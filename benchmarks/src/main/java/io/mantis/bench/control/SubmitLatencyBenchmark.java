package io.mantis.bench.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Submit-to-first-output latency of a small job (the sine-wave example, two stages of one worker) on an embedded
 * cluster, beside the same job started as worker processes directly, in one run. After one unrecorded warm-up of
 * each, runs alternate (control plane, then direct) so drift in the machine's load hits both alike. Prints
 * min / median / max, the ratio of medians and the control plane's times to sink placed and to all workers STARTED.
 *
 * <pre>usage: submit-latency.sh [--runs N] [--warmups N] [--ticks PER_SECOND] [--jar SINE_WAVE_JAR] [--keep]</pre>
 *
 * <p>{@code --keep} keeps the work directory (the agents' worker logs) and prints where it is.
 */
public final class SubmitLatencyBenchmark {

    private static final String USAGE = "usage: submit-latency.sh [--runs N] [--warmups N] [--ticks PER_SECOND] "
            + "[--jar SINE_WAVE_JAR] [--keep]";

    private SubmitLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        int warmups = 1;
        String ticks = "1000";
        String jar = System.getProperty("bench.sineWaveJar");
        boolean keep = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--runs" -> runs = positive("--runs", args[++i]);
                    case "--warmups" -> warmups = Integer.parseInt(args[++i]);
                    case "--ticks" -> ticks = Integer.toString(positive("--ticks", args[++i]));
                    case "--jar" -> jar = args[++i];
                    case "--keep" -> keep = true;
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
        } catch (RuntimeException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
        }
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            System.err.println("the sine-wave job JAR '" + jar + "' does not exist: build examples first "
                    + "(bench/submit-latency.sh does) or pass --jar\n" + USAGE);
            System.exit(2);
        }
        Path jobJar = Path.of(jar).toAbsolutePath();
        Map<String, String> parameters = Map.of("ticksPerSecond", ticks);
        System.out.printf(Locale.ROOT, "java %s, %d cpus, max heap %d MB; job %s, ticksPerSecond=%s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, jobJar.getFileName(), ticks);

        Path dir = Files.createTempDirectory("mantis-bench-latency-");
        long[] direct = new long[runs];
        long[] control = new long[runs];
        long[] started = new long[runs];
        long[] placed = new long[runs];
        long setup = System.nanoTime();
        try (ControlPlaneRun cluster = ControlPlaneRun.start(dir, jobJar)) {
            System.out.printf(Locale.ROOT, "embedded cluster (master, ZooKeeper, 2 agents) up and JAR uploaded in "
                    + "%.0f ms%n", (System.nanoTime() - setup) / 1e6);
            for (int w = 0; w < warmups; w++) {
                cluster.run("latency-warmup", parameters);
                DirectRun.run(jobJar, parameters, directOptions(cluster));
            }
            for (int r = 0; r < runs; r++) {
                // The control plane goes first: its job view tells the heap its agents give workers.
                ControlPlaneRun.Sample s = cluster.run("latency", parameters);
                control[r] = s.firstOutputNanos();
                started[r] = s.allStartedNanos();
                placed[r] = s.placedNanos();
                direct[r] = DirectRun.run(jobJar, parameters, directOptions(cluster));
            }
        } catch (Exception e) {
            System.err.println("benchmark failed (agents' worker logs kept in " + dir + "): " + e);
            throw e;
        }
        if (keep) {
            System.out.println("work directory kept: " + dir);
        } else {
            deleteQuietly(dir);
        }

        String row = "%-42s %5s %10s %10s %10s%n";
        System.out.printf(Locale.ROOT, row, "system (submit -> first output)", "runs", "min ms", "median ms",
                "max ms");
        print(row, "Mantis control plane (REST submit)", control);
        print(row, "direct worker processes (LocalJobRunner)", direct);
        System.out.printf(Locale.ROOT, "ratio of medians (control plane / direct): %.2fx%n",
                median(control) / median(direct));
        phase("control plane, submit -> all workers STARTED", started);
        phase("control plane, submit -> sink worker placed", placed);
        System.out.printf(Locale.ROOT, "runs, ms: control plane %s; direct %s; all STARTED %s; placed %s%n",
                millis(control), millis(direct), millis(started), millis(placed));
    }

    /**
     * The agents' heap for the reference's workers. Their INFO lines would be forwarded to this console (the agents'
     * go to files), so they log at WARN: a few lines less work, which if anything favours the reference.
     */
    private static String[] directOptions(ControlPlaneRun cluster) {
        return new String[] {cluster.workerHeapOption(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"};
    }

    private static void phase(String label, long[] nanos) {
        long[] s = sorted(nanos);
        System.out.printf(Locale.ROOT, "%s: median %.0f ms (min %.0f, max %.0f)%n", label, median(nanos) / 1e6,
                s[0] / 1e6, s[s.length - 1] / 1e6);
    }

    private static int positive(String option, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
        return n;
    }

    private static void print(String row, String system, long[] nanos) {
        long[] s = sorted(nanos);
        System.out.printf(Locale.ROOT, row, system, s.length, ms(s[0]), ms((long) median(nanos)),
                ms(s[s.length - 1]));
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.0f", nanos / 1e6);
    }

    private static long[] sorted(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s;
    }

    private static double median(long[] values) {
        long[] s = sorted(values);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }

    private static String millis(long[] nanos) {
        List<String> list = new ArrayList<>();
        for (long n : nanos) {
            list.add(ms(n));
        }
        return list.toString();
    }

    /** Worker directories and logs of a successful run are of no further use. */
    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
