package io.mantis.master.resources;

/**
 * Resources a provider needs per worker on top of the worker's own, such as a Mesos executor's: the scheduler
 * counts them in every worker's request, so placement matches what the agent will really give out.
 */
public record ExecutorOverhead(double cpus, double memoryMB) {

    public static final ExecutorOverhead NONE = new ExecutorOverhead(0, 0);
}
