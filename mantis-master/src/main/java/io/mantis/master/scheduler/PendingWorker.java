package io.mantis.master.scheduler;

/**
 * A worker the scheduler has not placed yet, and why.
 *
 * @param reason in words, from Fenzo's last verdict: "no perpetual agent has 2.0 cpus free", or
 *               "not tried yet" before its first scheduling iteration
 */
public record PendingWorker(String workerId, String pool, int tier, String reason) {
}
