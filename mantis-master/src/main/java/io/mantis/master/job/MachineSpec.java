package io.mantis.master.job;

/**
 * The resources one worker of a stage asks for.
 *
 * @throws IllegalArgumentException naming the field when cpus or memory is not positive, or network or disk negative
 */
public record MachineSpec(double cpus, double memoryMB, double networkMbps, double diskMB) {

    public MachineSpec {
        if (!(cpus > 0)) {
            throw new IllegalArgumentException("machine.cpus must be > 0, got " + cpus);
        }
        if (!(memoryMB > 0)) {
            throw new IllegalArgumentException("machine.memoryMB must be > 0, got " + memoryMB);
        }
        if (!(networkMbps >= 0)) {
            throw new IllegalArgumentException("machine.networkMbps must be >= 0, got " + networkMbps);
        }
        if (!(diskMB >= 0)) {
            throw new IllegalArgumentException("machine.diskMB must be >= 0, got " + diskMB);
        }
    }
}
