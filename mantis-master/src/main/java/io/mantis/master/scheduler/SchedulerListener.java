package io.mantis.master.scheduler;

/** Hears the scheduler's decisions. Called on the scheduler's thread: hand the work to another thread at once. */
public interface SchedulerListener {

    void onAssigned(HostAssignment assignment);
}
