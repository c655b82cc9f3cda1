package io.mantis.master.artifacts;

import java.util.List;

/** What a job JAR declares, read once at upload: its name, stage layout and parameters. */
public record JobDescription(String name, String description, List<StageDescription> stages,
                             List<ParameterDescription> parameters) {

    public JobDescription {
        stages = List.copyOf(stages);
        parameters = List.copyOf(parameters);
    }

    /** @param kind "scalar", "toKeyed" or "perKey" */
    public record StageDescription(int number, String name, String kind, int workers, double cpus, double memoryMB,
                                   double networkMbps, double diskMB) {
    }

    /** @param defaultValue the default in text form; null when there is none */
    public record ParameterDescription(String name, String type, boolean required, String defaultValue,
                                       String description) {
    }
}
