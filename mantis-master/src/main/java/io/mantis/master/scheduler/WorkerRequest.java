package io.mantis.master.scheduler;

/**
 * One worker waiting for placement.
 *
 * @param pool  the agent pool it must run in ({@code perpetual} or {@code transient}): a hard constraint
 * @param ports how many ports it needs from the agent's range
 * @param tier  queue tier: 0 (perpetual) is served before 1 (transient)
 */
public record WorkerRequest(String workerId, String pool, double cpus, double memoryMB, double networkMbps,
                            double diskMB, int ports, int tier) {
}
