package io.mantis.bench.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Evidence for a run that timed out: thread dumps of this JVM and of every child JVM it started, plus any
 * text the system adds (a worker's metrics, say), appended to one file. A hang is otherwise silent, and it
 * rarely repeats on demand. Best effort: whatever cannot be collected is skipped with a note.
 */
public final class HangReport {

    private final StringBuilder text = new StringBuilder();

    public HangReport(String title) {
        text.append("==== ").append(title).append('\n');
    }

    public HangReport section(String heading, String body) {
        text.append("---- ").append(heading).append('\n').append(body).append('\n');
        return this;
    }

    /** Thread dumps of this JVM and of each descendant JVM (through {@code jcmd <pid> Thread.print}). */
    public HangReport threadDumps() {
        StringBuilder own = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            own.append(info);
        }
        section("this JVM (" + ProcessHandle.current().pid() + ")", own.toString());
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .forEach(p -> section("child JVM " + p.pid(),
                        run(jcmd.toString(), Long.toString(p.pid()), "Thread.print")));
        return this;
    }

    /** Appends everything to {@code file}. */
    public void appendTo(Path file) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // Best effort: the run's error is reported either way.
        }
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not run " + command[0] + ": " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }
}
