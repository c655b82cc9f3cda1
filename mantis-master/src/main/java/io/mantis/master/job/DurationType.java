package io.mantis.master.job;

/** How long a job runs, which decides the agent pool its workers run in and their queue tier. */
public enum DurationType {
    /** Runs until killed; placed in the {@code perpetual} pool, served first. */
    PERPETUAL("perpetual", 0),
    /** Interactive, ends by itself; placed in the {@code transient} pool. */
    TRANSIENT("transient", 1);

    private final String pool;
    private final int tier;

    DurationType(String pool, int tier) {
        this.pool = pool;
        this.tier = tier;
    }

    /** The value of the agents' {@code pool} attribute this job's workers must run on. */
    public String pool() {
        return pool;
    }

    /** The scheduler queue tier: lower tiers are placed first. */
    public int tier() {
        return tier;
    }
}
