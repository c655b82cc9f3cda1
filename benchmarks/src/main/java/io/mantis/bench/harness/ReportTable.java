package io.mantis.bench.harness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the results table, the Mantis/raw-Netty ratio and the notes (errors, count mismatches). Prints only
 * what was measured: a system without a successful run shows its error instead of figures.
 */
final class ReportTable {

    private static final String ROW = "%-30s %-5s %-36s %7s %7s  %s%n";

    private ReportTable() {
    }

    static void print(PrintStream out, List<SystemResults> all, int plannedRuns) {
        List<String> notes = new ArrayList<>();
        out.printf(Locale.ROOT, ROW, "system", "runs", "events/s min / median / max", "p50 ms", "p99 ms", "lost");
        for (SystemResults r : all) {
            String label = r.system.label();
            if (r.throughputs.isEmpty()) {
                out.printf(Locale.ROOT, "%-30s %-5s FAILED: %s%n", label, "0/" + plannedRuns,
                        oneLine(r.throughputError));
                continue;
            }
            String runs = r.throughputs.size() == plannedRuns ? Integer.toString(plannedRuns)
                    : r.throughputs.size() + "/" + plannedRuns;
            String rates = rate(r.min()) + " / " + rate(r.median()) + " / " + rate(r.max());
            String p50 = "-";
            String p99 = "-";
            if (!r.latencyRuns.isEmpty()) {
                p50 = millis(r.latencyMillis(50));
                p99 = millis(r.latencyMillis(99));
            } else if (r.latencyError != null) {
                p50 = "failed";
                p99 = "failed";
            }
            if (r.latencyError != null) {
                notes.add(label + ": a latency run failed, later ones skipped: " + oneLine(r.latencyError));
            }
            String lost = Long.toString(r.lost) + (r.countMismatches.isEmpty() ? "" : " (counts differ!)");
            out.printf(Locale.ROOT, ROW, label, runs, rates, p50, p99, lost);
            if (r.throughputError != null) {
                notes.add(label + ": a throughput run failed, later runs skipped: " + oneLine(r.throughputError));
            }
            for (String m : r.countMismatches) {
                notes.add(label + ": " + m);
            }
        }
        out.println(ratio(all, "mantis-proc", "Mantis 2-process", "netty", "raw Netty"));
        if (all.stream().anyMatch(r -> key(r).equals("flink"))) {
            out.println(ratio(all, "mantis-proc", "Mantis 2-process", "flink", "Flink local"));
        }
        if (!notes.isEmpty()) {
            out.println();
            out.println("notes:");
            notes.forEach(n -> out.println("  " + n));
        }
    }

    private static String ratio(List<SystemResults> all, String num, String numLabel, String den, String denLabel) {
        SystemResults n = find(all, num);
        SystemResults d = find(all, den);
        String prefix = numLabel + " / " + denLabel + ": ";
        if (n == null || d == null) {
            return prefix + "n/a (not both run)";
        }
        if (n.throughputs.isEmpty() || d.throughputs.isEmpty()) {
            return prefix + "n/a (" + (n.throughputs.isEmpty() ? numLabel : denLabel) + " has no measurement)";
        }
        return prefix + String.format(Locale.ROOT, "%.2f", n.median() / d.median()) + " (medians)";
    }

    private static SystemResults find(List<SystemResults> all, String key) {
        return all.stream().filter(r -> key(r).equals(key)).findFirst().orElse(null);
    }

    private static String key(SystemResults r) {
        return r.key;
    }

    static String rate(double eventsPerSecond) {
        if (Double.isNaN(eventsPerSecond)) {
            return "-";
        }
        if (eventsPerSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", eventsPerSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%.0f k", eventsPerSecond / 1e3);
    }

    private static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        return ms < 10 ? String.format(Locale.ROOT, "%.3f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }

    /** The error and, if different, its root cause, on one line of at most 240 characters. */
    static String oneLine(Throwable t) {
        if (t == null) {
            return "";
        }
        Throwable top = t;
        while (top instanceof java.util.concurrent.ExecutionException && top.getCause() != null) {
            top = top.getCause();
        }
        Throwable root = top;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = describe(top);
        if (root != top) {
            String cause = describe(root);
            message = (message.length() > 140 ? message.substring(0, 137) + "..." : message) + " (cause: " + cause + ")";
        }
        message = message.replaceAll("\\s+", " ");
        return message.length() > 240 ? message.substring(0, 237) + "..." : message;
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
