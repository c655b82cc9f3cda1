package io.mantis.master.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobModelTest {

    private static final StageSpec STAGE = new StageSpec(1, "count", 1, JobFixture.MACHINE);

    @Test
    void defaultRetryPolicyMatchesTheDocumentedOne() {
        assertEquals(JobFixture.POLICY, RetryPolicy.DEFAULT);
    }

    @Test
    void delayDoublesFromTheBaseAndStopsAtTheMaxWithoutOverflowing() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        assertEquals(1_000, p.delayMillis(1));
        assertEquals(2_000, p.delayMillis(2));
        assertEquals(32_000, p.delayMillis(6));
        assertEquals(60_000, p.delayMillis(7));
        assertEquals(60_000, p.delayMillis(70));
        assertEquals(60_000, p.delayMillis(Integer.MAX_VALUE));
    }

    @Test
    void retryPolicyRejectsNonsense() {
        Duration s = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(s.multipliedBy(2), s, 5, s));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(s, s, 0, s));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(s.negated(), s, 5, s));
    }

    @Test
    void durationTypesNameTheirPoolAndTier() {
        assertEquals("perpetual", DurationType.PERPETUAL.pool());
        assertEquals("transient", DurationType.TRANSIENT.pool());
        assertEquals(0, DurationType.PERPETUAL.tier());
        assertEquals(1, DurationType.TRANSIENT.tier());
    }

    @Test
    void specRejectsBadInputNamingTheField() {
        IllegalArgumentException sha = assertThrows(IllegalArgumentException.class,
                () -> new JobSpec("j-1", "j", "abc", null, DurationType.PERPETUAL, List.of(STAGE), 0));
        assertEquals("artifact must be a SHA-256 in 64 lower-case hex digits, got 'abc'", sha.getMessage());
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> new JobSpec("j-1", "j", JobFixture.SHA, null, DurationType.PERPETUAL,
                        List.of(new StageSpec(2, "x", 1, JobFixture.MACHINE)), 0));
        assertEquals("job j-1: stages must be numbered 1..1 in order, but position 1 holds stage 2",
                order.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new JobSpec(" ", "j", JobFixture.SHA, null, DurationType.PERPETUAL, List.of(STAGE), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new JobSpec("j-1", "j", JobFixture.SHA, null, DurationType.PERPETUAL, List.of(), 0));
        assertThrows(NullPointerException.class,
                () -> new JobSpec("j-1", "j", JobFixture.SHA, null, null, List.of(STAGE), 0));
        IllegalArgumentException workers = assertThrows(IllegalArgumentException.class,
                () -> new StageSpec(1, "x", 0, JobFixture.MACHINE));
        assertEquals("stage 1: workers must be >= 1, got 0", workers.getMessage());
        IllegalArgumentException cpus = assertThrows(IllegalArgumentException.class,
                () -> new MachineSpec(0, 512, 0, 0));
        assertEquals("machine.cpus must be > 0, got 0.0", cpus.getMessage());
    }

    @Test
    void specDefaultsMissingParametersAndStageNames() {
        JobSpec spec = new JobSpec("j-1", "j", JobFixture.SHA, null, DurationType.TRANSIENT,
                List.of(new StageSpec(1, null, 2, JobFixture.MACHINE)), 0);
        assertEquals(Map.of(), spec.parameters());
        assertEquals("stage-1", spec.stage(1).name());
        assertThrows(IllegalArgumentException.class, () -> spec.stage(2));
    }
}
