/**
 * The per-job state machine: pure code that turns a stored {@link io.mantis.master.job.Job} and one
 * {@link io.mantis.master.job.JobEvent} into the next {@code Job} and the {@link io.mantis.master.job.JobEffect}s to
 * carry out. It does no I/O, starts no threads and reads no clock: the caller passes {@code now}.
 *
 * <p>The caller (the control glue) must store each new {@code Job} before running its effects (write-ahead), so a
 * new leader can resume from the stored state alone with {@link io.mantis.master.job.JobMachine#resume}.
 */
package io.mantis.master.job;
