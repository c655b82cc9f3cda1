package io.mantis.bench.harness;

import io.mantis.bench.common.Keys;
import io.mantis.bench.common.SinkStats;
import io.mantis.bench.flink.FlinkPipeline;
import io.mantis.bench.mantis.MantisPipeline;
import io.mantis.bench.netty.NettyReference;
import io.mantis.bench.run.DataPlaneSystem;
import io.mantis.bench.run.RunSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The data-plane benchmark: our keyed two-stage pipeline beside the raw-Netty reference and Flink, all in one
 * run, because on a shared, noisy machine only ratios hold.
 *
 * <p>Procedure: {@code runs} rounds of throughput runs, each round running every system once in turn
 * (interleaved, so a noisy minute hurts all systems alike rather than one); then {@code runs} rounds of latency
 * runs, each system offered half of its own median throughput; p50 and p99 are the medians over those runs.
 * A system whose run fails is not run again (for that kind of run), and the table shows its error instead of
 * figures.
 */
public final class DataPlaneBenchmark {

    /** Runs are never expected to be slower than this; it only bounds a hung run. */
    private static final double SLOWEST_PLAUSIBLE_RATE = 50_000;

    private final Options options;
    private final Path workDir;
    private final PrintStream out;

    private DataPlaneBenchmark(Options options, Path workDir, PrintStream out) {
        this.options = options;
        this.workDir = workDir;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path workDir = options.workDir() != null ? Files.createDirectories(options.workDir())
                : Files.createTempDirectory("data-plane-bench-");
        // The report keeps the real stdout. Everything else (the runtime's forwarded worker output, Flink's and
        // Netty's logging, stack traces) goes to runs.log, so it cannot interleave with the table.
        PrintStream report = System.out;
        PrintStream log = new PrintStream(Files.newOutputStream(workDir.resolve("runs.log")), true,
                StandardCharsets.UTF_8);
        System.setOut(log);
        System.setErr(log);
        new DataPlaneBenchmark(options, workDir, report).run();
        report.flush();
        // Flink and Netty leave non-daemon threads behind; the report is out, so end here.
        System.exit(0);
    }

    private void run() throws Exception {
        printHeader();
        List<SystemResults> results = new ArrayList<>();
        for (String key : options.systems()) {
            results.add(new SystemResults(key, create(key)));
        }
        for (int round = 1; round <= options.runs(); round++) {
            for (SystemResults r : results) {
                if (!r.failed()) {
                    throughputRun(r, round);
                }
            }
        }
        for (int round = 1; round <= options.runs(); round++) {
            for (SystemResults r : results) {
                if (!r.throughputs.isEmpty() && r.latencyError == null) {
                    latencyRun(r, round);
                }
            }
        }
        out.println();
        ReportTable.print(out, results, options.runs());
        out.println("(logs of this run, errors.log with full stack traces, and result files: " + workDir + ")");
    }

    private DataPlaneSystem create(String key) {
        return switch (key) {
            case "netty" -> new NettyReference();
            case "mantis-proc" -> MantisPipeline.processes(jobJar());
            case "mantis-jvm" -> MantisPipeline.inJvm();
            case "flink" -> new FlinkPipeline();
            default -> throw new IllegalArgumentException("unknown system " + key);
        };
    }

    private Path jobJar() {
        if (options.jobJar() == null) {
            // Checked when the system runs, so the error lands in its table row.
            return Path.of("(no job JAR given: pass --job-jar or -Dbench.jobJar)");
        }
        return options.jobJar().toAbsolutePath();
    }

    private void throughputRun(SystemResults r, int round) {
        RunSpec spec = new RunSpec(options.events(), 0, options.keys(), 0,
                timeoutFor(options.events(), SLOWEST_PLAUSIBLE_RATE), workDir, options.childJvmOptions());
        String what = r.system.label() + ", throughput run " + round + "/" + options.runs();
        try {
            SinkStats s = measure(r, spec);
            r.throughputs.add(s.eventsPerSecond());
            r.account("throughput run " + round, spec.events(), expectedKeys(spec), s);
            progress(what + ": " + ReportTable.rate(s.eventsPerSecond()) + " events/s, lost "
                    + (spec.events() - s.received()));
        } catch (Throwable t) {
            rethrowIfFatal(t);
            r.throughputError = t;
            progress(what + ": FAILED: " + ReportTable.oneLine(t));
            logError(what, t);
        }
    }

    private void latencyRun(SystemResults r, int round) {
        long rate = Math.max(1, Math.round(r.median() / 2));
        // A warm-up phase at the same rate first: a fresh worker JVM spends its first second or so compiling,
        // and the backlog that builds meanwhile would otherwise dominate p99. Counted for loss, not latency.
        long warmup = Math.round(rate * options.latencyWarmupSeconds());
        long events = Math.max(1, warmup + Math.round(rate * options.latencySeconds()));
        RunSpec spec = new RunSpec(events, rate, options.keys(), warmup,
                timeoutFor(events, Math.min(rate, SLOWEST_PLAUSIBLE_RATE)), workDir, options.childJvmOptions());
        String what = r.system.label() + ", latency run " + round + "/" + options.runs() + " at "
                + ReportTable.rate(rate) + " events/s";
        try {
            SinkStats s = measure(r, spec);
            r.latencyRuns.add(s);
            r.account("latency run " + round, spec.events(), expectedKeys(spec), s);
            progress(what + ": p50 " + String.format(Locale.ROOT, "%.3f", s.latencyMillis(50)) + " ms, p99 "
                    + String.format(Locale.ROOT, "%.3f", s.latencyMillis(99)) + " ms, received "
                    + ReportTable.rate(s.eventsPerSecond()) + " events/s, lost " + (spec.events() - s.received()));
        } catch (Throwable t) {
            rethrowIfFatal(t);
            r.latencyError = t;
            progress(what + ": FAILED: " + ReportTable.oneLine(t));
            logError(what, t);
        }
    }

    private SinkStats measure(SystemResults r, RunSpec spec) throws Exception {
        // Leave the previous run's garbage and exiting child JVMs behind before timing the next one.
        System.gc();
        long waited = Quiescence.await(); // logged to runs.log (System.out is redirected there)
        System.out.println(waited < 0 ? "machine still busy after 10 s; timing " + r.system.label() + " anyway"
                : "machine quiet after " + waited + " ms; timing " + r.system.label());
        SinkStats s = r.system.run(spec);
        if (s.received() < 2 || Double.isNaN(s.eventsPerSecond())) {
            throw new IllegalStateException("sink received " + s.received() + " of " + spec.events()
                    + " events: too few to measure");
        }
        return s;
    }

    /** A failed run is reported in its row; a broken JVM or an interrupt ends the harness. */
    private static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError e) {
            throw e;
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a run", t);
        }
    }

    private static long expectedKeys(RunSpec spec) {
        return Math.min(spec.keys(), spec.events());
    }

    private static Duration timeoutFor(long events, double slowestRate) {
        return Duration.ofSeconds(60 + Math.round(events / slowestRate));
    }

    private void printHeader() {
        Runtime rt = Runtime.getRuntime();
        Keys keys = new Keys(options.keys());
        out.println("data-plane benchmark, " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        out.printf(Locale.ROOT, "machine: %d cores, %s %s %s, load average %.2f at start%n",
                rt.availableProcessors(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.printf(Locale.ROOT, "JVM: %s %s (%s); harness max heap %d MiB; child JVMs: %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                System.getProperty("java.vm.vendor"), rt.maxMemory() >> 20, String.join(" ", options.childJvmOptions()));
        out.printf(Locale.ROOT, "workload: source → keyBy → running count per key → discarding sink; %,d keys, "
                        + "%d-byte events%n"
                        + "throughput: %,d events as fast as backpressure allows, %d runs per system (interleaved)%n"
                        + "latency: offered half of median throughput, %s s warm-up then %s s measured, %d runs, "
                        + "median of per-run p50/p99%n",
                keys.count(), keys.encodedEventBytes(), options.events(), options.runs(),
                options.latencyWarmupSeconds(), options.latencySeconds(), options.runs());
        out.println();
    }

    private void progress(String line) {
        out.println("  " + line);
        out.flush();
    }

    private void logError(String what, Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        try {
            Files.writeString(workDir.resolve("errors.log"), what + "\n" + trace + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The table still carries the one-line error.
        }
    }
}
