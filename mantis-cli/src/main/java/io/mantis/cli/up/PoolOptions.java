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
 * agents 4 (or the starting agents, when more).
 */
public final class PoolOptions {

    static final int DEFAULT_MIN_IDLE = 1;
    static final int DEFAULT_MAX_IDLE = 1;
    static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(30);
    static final int DEFAULT_MAX_AGENTS = 4;

    @Option(names = "--transient-autoscale", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Grow and shrink the transient pool by its rule (default: on; --no-transient-autoscale "
                    + "keeps its agents fixed).")
    boolean transientAutoscale = true;

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
        if (transientAutoscale) {
            PoolRule rule = rule("transient", plan.transients(), transientMinIdle, transientMaxIdle,
                    transientCoolDown, transientMinAgents, transientMaxAgents);
            rules.add(rule);
            most += rule.maxSize();
        } else {
            most += plan.transients();
        }
        if (most > plan.maxAgents()) {
            throw new CliException("the pools may grow to " + most + " agents, but only " + plan.maxAgents()
                    + " port ranges of 1000 fit from port " + plan.firstPort() + "; lower --transient-max-agents"
                    + (perpetual ? " or --perpetual-max-agents" : ""));
        }
        return List.copyOf(rules);
    }

    private static PoolRule rule(String pool, int starting, Integer minIdle, Integer maxIdle, Duration coolDown,
                                 Integer minAgents, Integer maxAgents) {
        String flag = "--" + pool + "-";
        int lowIdle = minIdle != null ? minIdle : DEFAULT_MIN_IDLE;
        int highIdle = maxIdle != null ? maxIdle : Math.max(DEFAULT_MAX_IDLE, lowIdle);
        int low = minAgents != null ? minAgents : starting;
        int high = maxAgents != null ? maxAgents : Math.max(DEFAULT_MAX_AGENTS, Math.max(starting, low));
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
        if (starting > high && high >= 1) {
            throw new CliException("--" + pool + "-agents " + starting + " is more than " + flag + "max-agents "
                    + high + "; start fewer agents or raise the maximum");
        }
        if (high < 1 || high < low) {
            throw new CliException(flag + "max-agents " + high + ": must be 1 or more and at least " + flag
                    + "min-agents (" + low + ")");
        }
        if (starting < low) {
            throw new CliException("--" + pool + "-agents " + starting + " is less than " + flag + "min-agents "
                    + low + "; start at least the minimum");
        }
        return new PoolRule(pool, lowIdle, highIdle, coolDown != null ? coolDown : DEFAULT_COOL_DOWN, low, high);
    }
}
