package io.mantis.bench.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child JVM on this JVM's own classpath, so the child runs exactly the code and libraries the harness runs.
 * Its stdout is read line by line by the caller; its stderr goes to a log file whose tail is quoted when the
 * child fails, so a failure is reported with its cause instead of cluttering the table.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader stdout;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    public static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, Path log, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectError(log.toFile())
                .start();
        return new ChildJvm(p, log);
    }

    /** Reads stdout until a line starting with {@code prefix}; returns the rest of that line. */
    public String awaitLine(String prefix, long timeoutMillis) throws IOException, TimeoutException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (stdout.ready()) {
                String line = stdout.readLine();
                if (line == null) {
                    break;
                }
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            } else if (!process.isAlive()) {
                break;
            } else {
                sleepQuietly(10);
            }
        }
        if (!process.isAlive()) {
            throw new IOException("child JVM exited with " + process.exitValue() + " before printing '" + prefix
                    + "'" + logTail());
        }
        throw new TimeoutException("child JVM printed no '" + prefix + "' within " + timeoutMillis + " ms" + logTail());
    }

    /** Waits for the child to exit; fails when it exits non-zero or outlives the timeout. */
    public void awaitExit(long timeoutMillis) throws IOException, InterruptedException, TimeoutException {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("child JVM still running after " + timeoutMillis + " ms" + logTail());
        }
        if (process.exitValue() != 0) {
            throw new IOException("child JVM exited with " + process.exitValue() + logTail());
        }
    }

    /** The last lines of the child's stderr, for error messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return "";
            }
            return "; stderr: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Kills the child if it still runs; idempotent. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a child JVM", e);
        }
    }
}
