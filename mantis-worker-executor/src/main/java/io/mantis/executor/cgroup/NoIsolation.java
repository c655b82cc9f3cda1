package io.mantis.executor.cgroup;

/** Workers run without cpu and memory limits; {@link #description()} says why. */
final class NoIsolation implements Isolation {

    private final String description;

    NoIsolation(String description) {
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public WorkerCgroup create(String name, double cpus, double memoryMB) {
        return WorkerCgroup.NONE;
    }

    @Override
    public void close() {
    }
}
