package io.mantis.master.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.pools.PoolRule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerConfigPoolsTest {

    private static final PoolRule TRANSIENT = new PoolRule("transient", 1, 2, Duration.ofSeconds(5), 1, 4);

    @Test
    void poolRulesTurnPoolAutoScalingOn() {
        SchedulerConfig config = SchedulerConfig.defaults().withPoolRules(List.of(TRANSIENT));
        assertTrue(config.poolAutoScaling());
        assertEquals(List.of(TRANSIENT), config.poolRules());
        assertFalse(SchedulerConfig.defaults().poolAutoScaling(), "no rules by default: nothing scales");
        assertEquals(List.of(TRANSIENT), config.withIterationInterval(Duration.ofMillis(5)).poolRules(),
                "other settings keep the rules");
    }

    @Test
    void twoRulesForOnePoolAreRefusedNamingThePool() {
        PoolRule other = new PoolRule("transient", 2, 3, Duration.ofSeconds(5), 0, 9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SchedulerConfig.defaults().withPoolRules(List.of(TRANSIENT, other)));
        assertTrue(e.getMessage().contains("transient"), e.getMessage());
    }

    @Test
    void disablingAnAgentForANegativeTimeIsRefused() {
        try (SchedulerFixture f = new SchedulerFixture()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.scheduler.disableAgent("agent-1", Duration.ofSeconds(-1)));
            assertTrue(e.getMessage().contains("agent-1"), e.getMessage());
        }
    }
}
