package io.mantis.bench.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One run of the workload, the same for every system.
 *
 * @param events          events the source emits in total
 * @param rate            offered events/s; 0 = as fast as backpressure allows
 * @param keys            distinct keys
 * @param warmupEvents    events at the start whose latency is not recorded
 * @param timeout         how long the run may take before it counts as failed
 * @param workDir         where result files and child logs go
 * @param childJvmOptions JVM options for every child JVM a system starts (workers, the Netty receiver)
 */
public record RunSpec(long events, long rate, int keys, long warmupEvents, Duration timeout, Path workDir,
                      List<String> childJvmOptions) {

    public RunSpec {
        Objects.requireNonNull(timeout, "timeout is null");
        Objects.requireNonNull(workDir, "workDir is null");
        childJvmOptions = List.copyOf(childJvmOptions);
        if (events < 1) {
            throw new IllegalArgumentException("events must be at least 1, was " + events);
        }
        if (rate < 0) {
            throw new IllegalArgumentException("rate must not be negative, was " + rate);
        }
    }
}
