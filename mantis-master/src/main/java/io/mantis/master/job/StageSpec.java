package io.mantis.master.job;

import java.util.Objects;

/**
 * One stage as submitted: its 1-based number, name, initial worker count and machine.
 *
 * @throws IllegalArgumentException naming the field when number or workers is below 1
 */
public record StageSpec(int number, String name, int workers, MachineSpec machine) {

    public StageSpec {
        if (number < 1) {
            throw new IllegalArgumentException("stage number must be >= 1, got " + number);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("stage " + number + ": workers must be >= 1, got " + workers);
        }
        Objects.requireNonNull(machine, () -> "stage " + number + ": machine is null");
        name = name == null || name.isBlank() ? "stage-" + number : name;
    }
}
