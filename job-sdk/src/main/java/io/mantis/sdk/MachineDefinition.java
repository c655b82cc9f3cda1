package io.mantis.sdk;

/**
 * The resources one worker of a stage asks for.
 *
 * @param cpus        cores, may be fractional, finite and greater than 0
 * @param memoryMB    memory in MiB, at least 32
 * @param networkMbps network bandwidth in Mbit/s, at least 0
 * @param diskMB      disk in MiB, at least 0
 */
public record MachineDefinition(double cpus, int memoryMB, int networkMbps, int diskMB) {

    /** One core, 1 GiB, 128 Mbit/s, 1 GiB of disk. */
    public static final MachineDefinition DEFAULT = new MachineDefinition(1.0, 1024, 128, 1024);

    public MachineDefinition {
        if (!(cpus > 0) || Double.isInfinite(cpus)) {
            throw new IllegalArgumentException("cpus must be a finite number greater than 0, was " + cpus);
        }
        if (memoryMB < 32) {
            throw new IllegalArgumentException("memoryMB must be at least 32, was " + memoryMB);
        }
        if (networkMbps < 0) {
            throw new IllegalArgumentException("networkMbps must not be negative, was " + networkMbps);
        }
        if (diskMB < 0) {
            throw new IllegalArgumentException("diskMB must not be negative, was " + diskMB);
        }
    }

    public static MachineDefinition of(double cpus, int memoryMB, int networkMbps, int diskMB) {
        return new MachineDefinition(cpus, memoryMB, networkMbps, diskMB);
    }
}
