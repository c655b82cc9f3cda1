package io.mantis.master.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mantis.master.pools.PoolRule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolAutoScaleRuleTest {

    private static PoolAutoScaleRule rule(Duration coolDown) {
        return new PoolAutoScaleRule(new PoolRule("transient", 1, 2, coolDown, 0, 5));
    }

    @Test
    void fenzoSeesThePoolRuleUnderThePoolName() {
        PoolAutoScaleRule fenzo = rule(Duration.ofSeconds(30));
        assertEquals("transient", fenzo.getRuleName());
        assertEquals(1, fenzo.getMinIdleHostsToKeep());
        assertEquals(2, fenzo.getMaxIdleHostsToKeep());
        assertEquals(0, fenzo.getMinSize());
        assertEquals(5, fenzo.getMaxSize());
        assertEquals(30, fenzo.getCoolDownSecs());
        assertFalse(fenzo.idleMachineTooSmall(null), "every idle agent counts");
    }

    @Test
    void aCoolDownOfPartSecondsIsRoundedUpSoItIsNeverShortened() {
        assertEquals(1, rule(Duration.ofMillis(500)).getCoolDownSecs(), "half a second is not no cool-down");
        assertEquals(2, rule(Duration.ofMillis(1500)).getCoolDownSecs());
        assertEquals(0, rule(Duration.ZERO).getCoolDownSecs());
    }
}
