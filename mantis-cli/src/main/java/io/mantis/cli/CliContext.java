package io.mantis.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a command needs from the outside world, so that tests can run commands in-process with their own
 * streams, environment and home directory.
 *
 * @param out          where results go (tables, JSON, job ids)
 * @param err          where errors and warnings go
 * @param env          the environment variables ({@code MANTIS_MASTER}, {@code MANTIS_TOKEN})
 * @param home         the user's home: {@code ~/.mantis/config} and the default data directory live under it
 * @param pollInterval how often commands that wait re-read the master's state
 */
public record CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, Path home,
                         Duration pollInterval) {

    public CliContext {
        Objects.requireNonNull(out, "out is null");
        Objects.requireNonNull(err, "err is null");
        env = Map.copyOf(env);
        Objects.requireNonNull(home, "home is null");
        Objects.requireNonNull(pollInterval, "pollInterval is null");
    }

    /** The real process: stdout, stderr, {@code System.getenv()}, {@code user.home}, half-second polls. */
    public static CliContext system() {
        return new CliContext(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                System.getenv(), Path.of(System.getProperty("user.home")), Duration.ofMillis(500));
    }

    /** {@code ~/.mantis}: the config file and the default data directory. */
    public Path mantisDir() {
        return home.resolve(".mantis");
    }

    /** {@code ~/.mantis/config}, a {@code key=value} properties file; it need not exist. */
    public Path configFile() {
        return mantisDir().resolve("config");
    }
}
