package io.mantis.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.cli.CliRun;
import io.mantis.master.pools.PoolRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PoolOptionsTest {

    private static final AgentPlan PLAN = new AgentPlan(2, 1, 4, 8192, 1000, 20480);

    @TempDir
    Path home;

    private static List<PoolRule> rules(String... args) {
        PoolOptions options = new PoolOptions();
        new CommandLine(options).parseArgs(args);
        return options.rules(PLAN);
    }

    @Test
    void byDefaultOnlyTheTransientPoolScalesFromItsStartingAgentsUpToFour() {
        assertEquals(List.of(new PoolRule("transient", 1, 1, Duration.ofSeconds(30), 1, 4)), rules());
    }

    @Test
    void everyRuleFieldHasAFlagAndAPerpetualFlagTurnsOnItsRule() {
        List<PoolRule> rules = rules("--transient-min-idle", "2", "--transient-max-idle", "3",
                "--transient-cool-down", "5s", "--transient-min-agents", "0", "--transient-max-agents", "6",
                "--perpetual-max-agents", "3");

        assertEquals(List.of(new PoolRule("perpetual", 1, 1, Duration.ofSeconds(30), 2, 3),
                new PoolRule("transient", 2, 3, Duration.ofSeconds(5), 0, 6)), rules);
        assertEquals(List.of(new PoolRule("perpetual", 1, 1, Duration.ofSeconds(30), 2, 4),
                new PoolRule("transient", 1, 1, Duration.ofSeconds(30), 1, 4)), rules("--perpetual-autoscale"));
    }

    @Test
    void noTransientAutoscaleKeepsBothPoolsFixed() {
        assertEquals(List.of(), rules("--no-transient-autoscale"));
        assertEquals(1, rules("--transient-autoscale").size());
    }

    @Test
    void theRuleIsDescribedOnStartup() {
        assertEquals("transient 1-4 agents, idle 1-1, cool-down 30s; perpetual fixed", UpCommand.describe(rules()));
        assertEquals("perpetual fixed; transient fixed", UpCommand.describe(List.of()));
    }

    @Test
    void badRulesAreUsageErrorsNamingTheFlag() {
        assertError("error: --transient-max-idle 1 is less than --transient-min-idle 2; give a max idle of at "
                + "least the min idle", "--transient-min-idle", "2", "--transient-max-idle", "1");
        assertError("error: --transient-min-idle 0: must be 1 or more", "--transient-min-idle", "0");
        assertError("error: --perpetual-max-agents 1: must be 1 or more and at least --perpetual-min-agents (2)",
                "--perpetual-agents", "1", "--perpetual-min-agents", "2", "--perpetual-max-agents", "1");
        assertError("error: --transient-agents 3 is more than --transient-max-agents 2; start fewer agents or raise "
                + "the maximum", "--transient-agents", "3", "--transient-max-agents", "2");
        assertError("error: the pools may grow to 402 agents, but only 345 port ranges of 100 fit from port 31000",
                "--transient-max-agents", "400");
        assertError("Invalid value for option '--transient-cool-down': 'soon' is not a duration",
                "--transient-cool-down", "soon");
    }

    private void assertError(String start, String... flags) {
        String[] args = new String[flags.length + 3];
        args[0] = "up";
        args[1] = "--port";
        args[2] = "0";
        System.arraycopy(flags, 0, args, 3, flags.length);

        CliRun.Result r = CliRun.run(home, Map.of(), args);

        assertTrue(r.code() == 1 || r.code() == 2, "exit code " + r.code() + ": " + r.err());
        assertTrue(r.err().startsWith(start), r.err());
    }

    private static List<PoolRule> mesosRules(String... args) {
        PoolOptions options = new PoolOptions();
        new CommandLine(options).parseArgs(args);
        return options.mesosRules();
    }

    @Test
    void onMesosNothingScalesUnlessAPoolsFlagsAreGiven() {
        assertEquals(List.of(), mesosRules());
        assertEquals(List.of(new PoolRule("transient", 1, 1, Duration.ofSeconds(30), 1, 4)),
                mesosRules("--transient-autoscale"));
        assertEquals(List.of(new PoolRule("transient", 1, 1, Duration.ofSeconds(2), 1, 3)),
                mesosRules("--transient-cool-down", "2s", "--transient-max-agents", "3"));
        assertEquals(List.of(), mesosRules("--no-transient-autoscale", "--transient-max-agents", "3"));
        assertEquals(List.of(new PoolRule("perpetual", 1, 2, Duration.ofSeconds(30), 2, 4)),
                mesosRules("--perpetual-max-idle", "2", "--perpetual-min-agents", "2"));
    }

    @Test
    void onMesosAMinAboveTheMaxIsRejectedNamingBothFlags() {
        io.mantis.cli.CliException e = org.junit.jupiter.api.Assertions.assertThrows(io.mantis.cli.CliException.class,
                () -> mesosRules("--transient-min-agents", "5", "--transient-max-agents", "3"));
        assertTrue(e.getMessage().contains("--transient-max-agents 3") && e.getMessage().contains("min-agents"),
                e.getMessage());
    }
}
