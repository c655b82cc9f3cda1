package io.mantis.cli.cluster;

import io.mantis.cli.options.KeyValue;
import io.mantis.cli.options.StageWorkers;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code cluster create} and {@code cluster update}; absent ones leave the field unchanged. */
public final class ClusterSpecOptions {

    @Option(names = "--artifact", paramLabel = "SHA|JAR",
            description = "A stored artifact's SHA-256 (or a unique prefix, see `mantis artifacts`), "
                    + "or a JAR file to upload.")
    String artifact;

    @Option(names = "--param", paramLabel = "KEY=VALUE", converter = KeyValue.Converter.class,
            description = "A default job parameter; repeatable.")
    List<KeyValue> params;

    @Option(names = "--workers", paramLabel = "STAGE=N", converter = StageWorkers.Converter.class,
            description = "Workers of a stage (stages count from 1); repeatable. Other stages keep their count.")
    List<StageWorkers> workers;

    @Option(names = "--sla-min", paramLabel = "N", description = "Keep at least N jobs running.")
    Integer slaMin;

    @Option(names = "--sla-max", paramLabel = "N", description = "Run at most N jobs at once.")
    Integer slaMax;

    @Option(names = "--cron", paramLabel = "EXPR",
            description = "Submit a job on this five-field cron schedule, e.g. '*/5 * * * *'.")
    String cron;

    boolean changesSla() {
        return slaMin != null || slaMax != null || cron != null;
    }
}
