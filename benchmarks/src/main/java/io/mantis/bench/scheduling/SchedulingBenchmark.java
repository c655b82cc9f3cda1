package io.mantis.bench.scheduling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Scheduling benchmark: WorkerScheduler against raw Fenzo scheduleOnce on the same input, per size, after one
 * unrecorded warm-up run of each. Prints min / median / max and the ratio of medians.
 *
 * <pre>usage: scheduling.sh [--runs N] [--sizes 1000x100,10000x1000]</pre>
 */
public final class SchedulingBenchmark {

    private SchedulingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        String sizes = "1000x100,10000x1000";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--sizes" -> sizes = args[++i];
                default -> {
                    System.err.println("usage: scheduling.sh [--runs N] [--sizes WORKERSxAGENTS,...]");
                    System.exit(2);
                }
            }
        }
        System.out.printf(Locale.ROOT, "java %s, %d cpus, max heap %d MB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "%-28s %-16s %10s %10s %10s%n", "case", "system", "min ms", "median ms",
                "max ms");
        for (String size : sizes.split(",")) {
            String[] parts = size.trim().split("x");
            SchedulingInput input = SchedulingInput.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            measure(input, runs);
        }
    }

    private static void measure(SchedulingInput input, int runs) throws Exception {
        System.out.printf(Locale.ROOT, "%-28s %d workers fit, %d cannot (each is checked against every agent)%n",
                input.label(), input.placeable(), input.workers() - input.placeable());
        RawFenzoRun.run(input, "warm-raw");
        WorkerSchedulerRun.run(input, "warm-ours");
        long[] raw = new long[runs];
        long[] ours = new long[runs];
        for (int r = 0; r < runs; r++) {
            // Alternate so that drift in the machine's load hits both alike.
            raw[r] = RawFenzoRun.run(input, "raw-" + r);
            ours[r] = WorkerSchedulerRun.run(input, "ours-" + r);
        }
        print(input, "raw Fenzo", raw);
        print(input, "WorkerScheduler", ours);
        System.out.printf(Locale.ROOT, "%-28s %-16s %10.2fx (median WorkerScheduler / median raw Fenzo)%n",
                input.label(), "ratio", median(ours) / median(raw));
        System.out.printf(Locale.ROOT, "%-28s %-16s %s%n", "", "runs, ms", "raw " + millis(raw) + " ours "
                + millis(ours));
    }

    private static void print(SchedulingInput input, String system, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-28s %-16s %10.1f %10.1f %10.1f%n", input.label(), system, sorted[0] / 1e6,
                median(nanos) / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static String millis(long[] nanos) {
        List<String> list = new ArrayList<>();
        for (long n : nanos) {
            list.add(String.format(Locale.ROOT, "%.0f", n / 1e6));
        }
        return list.toString();
    }
}
