package io.mantis.cli.mesos;

/**
 * Where a fake agent stands with the operator API: offering, draining (DRAIN_AGENT: no offers, its tasks being
 * killed), drained (nothing runs there any more), or down (its machine is in maintenance: START_MAINTENANCE).
 */
public enum AgentMode {
    ACTIVE, DRAINING, DRAINED, DOWN
}
