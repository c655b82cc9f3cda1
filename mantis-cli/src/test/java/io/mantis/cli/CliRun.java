package io.mantis.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process with captured output, a given environment and home, and fast polling. */
public final class CliRun {

    /** What one run printed and returned. */
    public record Result(int code, String out, String err) {
        public List<String> outLines() {
            return out.lines().toList();
        }

        public String lastLine() {
            List<String> lines = outLines();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private CliRun() {
    }

    public static Result run(Path home, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), env, home,
                Duration.ofMillis(20));
        int code = Main.run(context, args);
        return new Result(code, out.toString(), err.toString());
    }

    /** With the master given by environment, as a user who exported MANTIS_MASTER would. */
    public static Result against(FakeMaster master, Path home, String... args) {
        return run(home, Map.of("MANTIS_MASTER", master.url()), args);
    }
}
