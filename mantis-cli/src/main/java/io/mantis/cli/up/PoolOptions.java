package io.mantis.cli.up;

import io.mantis.cli.CliException;
import io.mantis.cli.options.DurationConverter;
import io.mantis.master.pools.PoolRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The autoscale rule flags of {@code mantis up}, one set per pool. The transient pool scales by default; the
 * perpetual pool keeps its agents unless {@code --perpetual-autoscale} or one of its rule flags is given. A flag
 * left out takes its default: min idle 1, max idle 1, cool-down 30 s, min agents the pool's starting agents, max
 * agents 4 (or the starting agents, when more). With {@code --mesos} ({@link #mesosRules()}) nothing scales unless a
 * pool's flags are given, and min agents defaults to 1, as there are no starting agents.
 */
public final class PoolOptions {

    static final int DEFAULT_MIN_IDLE = 1;
    static final int DEFAULT_MAX_IDLE = 1;
    static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(30);
    static final int DEFAULT_MAX_AGENTS = 4;

    @Option(names = "--transient-autoscale", negatable = true, fallbackValue = "true",
            description = "Grow and shrink the transient pool by its rule (default: on with local agents, off with "
                    + "--mesos unless a --transient-* rule flag is given; --no-transient-autoscale keeps its agents "
                    + "fixed).")
    Boolean transientAutoscale; // null: not given

    @Option(names = "--transient-min-idle", paramLabel = "N",
            description = "Idle transient agents to keep ready (default: 1).")
    Integer transientMinIdle;

    @Option(names = "--transient-max-idle", paramLabel = "N",
            description = "Idle transient agents beyond this are drained and stopped (default: 1).")
    Integer transientMaxIdle;

    @Option(names = "--transient-cool-down", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Least time between two scale actions of the transient pool (default: 30s).")
    Duration transientCoolDown;

    @Option(names = "--transient-min-agents", paramLabel = "N",
            description = "The transient pool never shrinks below this (default: --transient-agents).")
    Integer transientMinAgents;

    @Option(names = "--transient-max-agents", paramLabel = "N",
            description = "Nor grows beyond this (default: 4, or --transient-agents when more).")
    Integer transientMaxAgents;

    @Option(names = "--perpetual-autoscale", description = "Grow and shrink the perpetual pool too (default: off; "
            + "any --perpetual-* rule flag turns it on).")
    boolean perpetualAutoscale;

    @Option(names = "--perpetual-min-idle", paramLabel = "N",
            description = "Idle perpetual agents to keep ready (default: 1).")
    Integer perpetualMinIdle;

    @Option(names = "--perpetual-max-idle", paramLabel = "N",
            description = "Idle perpetual agents beyond this are drained and stopped (default: 1).")
    Integer perpetualMaxIdle;

    @Option(names = "--perpetual-cool-down", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Least time between two scale actions of the perpetual pool (default: 30s).")
    Duration perpetualCoolDown;

    @Option(names = "--perpetual-min-agents", paramLabel = "N",
            description = "The perpetual pool never shrinks below this (default: --perpetual-agents).")
    Integer perpetualMinAgents;

    @Option(names = "--perpetual-max-agents", paramLabel = "N",
            description = "Nor grows beyond this (default: 4, or --perpetual-agents when more).")
    Integer perpetualMaxAgents;

    /**
     * The rules for the pools that scale, checked against the agents {@code plan} starts and the port slots it has.
     *
     * @throws CliException naming the flag when a value is out of range or the pools cannot fit
     */
    public List<PoolRule> rules(AgentPlan plan) {
        List<PoolRule> rules = new ArrayList<>();
        boolean perpetual = perpetualAutoscale || perpetualMinIdle != null || perpetualMaxIdle != null
                || perpetualCoolDown != null || perpetualMinAgents != null || perpetualMaxAgents != null;
        int most = 0;
        if (perpetual) {
            PoolRule rule = rule("perpetual", plan.perpetual(), perpetualMinIdle, perpetualMaxIdle, perpetualCoolDown,
                    perpetualMinAgents, perpetualMaxAgents);
            rules.add(rule);
            most += rule.maxSize();
        } else {
            most += plan.perpetual();
        }
        if (!Boolean.FALSE.equals(transientAutoscale)) {
            PoolRule rule = rule("transient", plan.transients(), transientMinIdle, transientMaxIdle,
                    transientCoolDown, transientMinAgents, transientMaxAgents);
            rules.add(rule);
            most += rule.maxSize();
        } else {
            most += plan.transients();
        }
        if (most > plan.maxAgents()) {
            throw new CliException("the pools may grow to " + most + " agents, but only " + plan.maxAgents()
                    + " port ranges of " + AgentPlan.PORTS_PER_AGENT + " fit from port " + plan.firstPort() + "; lower --transient-max-agents"
                    + (perpetual ? " or --perpetual-max-agents" : ""));
        }
        return List.copyOf(rules);
    }

    /**
     * The rules for the pools that scale on Mesos: only those whose flags are given (a pool's rule flags, or
     * {@code --transient-autoscale} / {@code --perpetual-autoscale}); min agents defaults to 1.
     *
     * @throws CliException naming the flag when a value is out of range
     */
    public List<PoolRule> mesosRules() {
        List<PoolRule> rules = new ArrayList<>();
        if (perpetualAutoscale || perpetualMinIdle != null || perpetualMaxIdle != null || perpetualCoolDown != null
                || perpetualMinAgents != null || perpetualMaxAgents != null) {
            rules.add(rule("perpetual", null, perpetualMinIdle, perpetualMaxIdle, perpetualCoolDown,
                    perpetualMinAgents, perpetualMaxAgents));
        }
        boolean transientFlags = transientMinIdle != null || transientMaxIdle != null || transientCoolDown != null
                || transientMinAgents != null || transientMaxAgents != null;
        if (Boolean.TRUE.equals(transientAutoscale) || (transientAutoscale == null && transientFlags)) {
            rules.add(rule("transient", null, transientMinIdle, transientMaxIdle, transientCoolDown,
                    transientMinAgents, transientMaxAgents));
        }
        return List.copyOf(rules);
    }

    /** @param starting the agents the pool starts with; null on Mesos, where the cluster has what it has */
    private static PoolRule rule(String pool, Integer starting, Integer minIdle, Integer maxIdle, Duration coolDown,
                                 Integer minAgents, Integer maxAgents) {
        String flag = "--" + pool + "-";
        int lowIdle = minIdle != null ? minIdle : DEFAULT_MIN_IDLE;
        int highIdle = maxIdle != null ? maxIdle : Math.max(DEFAULT_MAX_IDLE, lowIdle);
        int start = starting != null ? starting : minAgents != null ? Math.max(minAgents, 0) : 1;
        int low = minAgents != null ? minAgents : start;
        int high = maxAgents != null ? maxAgents : Math.max(DEFAULT_MAX_AGENTS, Math.max(start, low));
        if (lowIdle < 1) {
            throw new CliException(flag + "min-idle " + lowIdle + ": must be 1 or more (a pool keeps at least one "
                    + "idle agent ready while it scales)");
        }
        if (highIdle < lowIdle) {
            throw new CliException(flag + "max-idle " + highIdle + " is less than " + flag + "min-idle " + lowIdle
                    + "; give a max idle of at least the min idle");
        }
        if (low < 0) {
            throw new CliException(flag + "min-agents " + low + ": must be 0 or more");
        }
        if (starting != null && starting > high && high >= 1) {
            throw new CliException("--" + pool + "-agents " + starting + " is more than " + flag + "max-agents "
                    + high + "; start fewer agents or raise the maximum");
        }
        if (high < 1 || high < low) {
            throw new CliException(flag + "max-agents " + high + ": must be 1 or more and at least " + flag
                    + "min-agents (" + low + ")");
        }
        if (starting != null && starting < low) {
            throw new CliException("--" + pool + "-agents " + starting + " is less than " + flag + "min-agents "
                    + low + "; start at least the minimum");
        }
        return new PoolRule(pool, lowIdle, highIdle, coolDown != null ? coolDown : DEFAULT_COOL_DOWN, low, high);
    }
}
