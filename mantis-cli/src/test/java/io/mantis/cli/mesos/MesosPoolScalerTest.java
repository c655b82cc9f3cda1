package io.mantis.cli.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.mantis.master.resources.mesos.AgentMachine;
import io.mantis.master.resources.mesos.MesosPoolScaler;
import io.mantis.master.resources.mesos.ScaleHook;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.mesos.v1.Protos.MachineID;
import org.apache.mesos.v1.master.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MesosPoolScaler} against the fake master's operator API: DRAIN_AGENT, the maintenance fallback of a master
 * that does not know it, and both kinds of hook. No framework is needed: the operator API stands on its own.
 */
class MesosPoolScalerTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    FakeMesosMaster mesos;
    MesosPoolScaler scaler;

    @BeforeEach
    void start() {
        mesos = FakeMesosMaster.builder(dir.resolve("mesos")).agent(AgentSpec.of("t1", "transient", 0))
                .agent(AgentSpec.of("t2", "transient", 1)).start();
    }

    @AfterEach
    void stop() {
        if (scaler != null) {
            scaler.close();
        }
        mesos.close();
    }

    private MesosPoolScaler scaler(ScaleHook hook) {
        scaler = new MesosPoolScaler(mesos.url().toString(), hook,
                id -> Optional.of(new AgentMachine(id, "127.0.0.1", mesos.machineIp(id))), Duration.ofSeconds(5),
                Clock.systemUTC());
        return scaler;
    }

    private ScaleHook appendingCommand(Path file) {
        return ScaleHook.command("echo \"$MANTIS_SCALE_ACTION $MANTIS_POOL ${MANTIS_AGENT_ID:-} "
                + "${MANTIS_AGENT_HOSTNAME:-} ${MANTIS_SCALE_COUNT:-}\" >> '" + file + "'", Duration.ofSeconds(10));
    }

    private static List<String> awaitLines(Path file, int count) {
        return FakeMesosMaster.await(count + " line(s) in " + file, WAIT, () -> {
            try {
                List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
                return lines.size() >= count ? Optional.of(lines.stream().map(String::strip).toList())
                        : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    @Test
    void releaseDrainsTheAgentThroughDrainAgentAndThenRunsTheCommandWithTheAgent() {
        Path file = dir.resolve("actions.txt");
        scaler(appendingCommand(file)).release("transient", List.of("t2"));

        assertEquals(List.of("release transient t2 127.0.0.1"), awaitLines(file, 1));
        List<Call> drains = mesos.operatorCalls(Call.Type.DRAIN_AGENT);
        assertEquals(1, drains.size(), "one DRAIN_AGENT: " + mesos.operatorCalls());
        assertEquals("t2", drains.get(0).getDrainAgent().getAgentId().getValue());
        assertTrue(!drains.get(0).getDrainAgent().getMarkGone() && drains.get(0).getDrainAgent().hasMaxGracePeriod(),
                "not marked gone, with a grace period: " + drains.get(0));
        FakeMesosMaster.await("t2 drained", WAIT, () -> Optional.of(mesos.agentMode("t2"))
                .filter(AgentMode.DRAINED::equals));
        assertEquals(AgentMode.ACTIVE, mesos.agentMode("t1"), "the other agent is untouched");
        assertTrue(mesos.operatorCalls(Call.Type.START_MAINTENANCE).isEmpty(), "no fallback when draining works");
    }

    @Test
    void aMasterWithoutDrainAgentGetsAMaintenanceWindowForTheMachineAndStartMaintenance() {
        mesos.drainUnsupported(true);
        Path file = dir.resolve("actions.txt");
        scaler(appendingCommand(file)).release("transient", List.of("t1"));

        assertEquals(List.of("release transient t1 127.0.0.1"), awaitLines(file, 1));
        MachineID machine = MachineID.newBuilder().setHostname("127.0.0.1").setIp(mesos.machineIp("t1")).build();
        List<Call.Type> types = mesos.operatorCalls().stream().map(Call::getType).toList();
        assertEquals(List.of(Call.Type.DRAIN_AGENT, Call.Type.GET_MAINTENANCE_SCHEDULE,
                Call.Type.UPDATE_MAINTENANCE_SCHEDULE, Call.Type.START_MAINTENANCE), types);
        var schedule = mesos.operatorCalls(Call.Type.UPDATE_MAINTENANCE_SCHEDULE).get(0)
                .getUpdateMaintenanceSchedule().getSchedule();
        assertEquals(1, schedule.getWindowsCount());
        assertEquals(List.of(machine), schedule.getWindows(0).getMachineIdsList());
        assertTrue(schedule.getWindows(0).getUnavailability().getDuration().getNanoseconds() > 0);
        assertEquals(List.of(machine), mesos.operatorCalls(Call.Type.START_MAINTENANCE).get(0).getStartMaintenance()
                .getMachinesList());
        assertEquals(AgentMode.DOWN, mesos.agentMode("t1"));
        assertEquals(AgentMode.ACTIVE, mesos.agentMode("t2"), "the other machine is untouched");
    }

    @Test
    void aSecondMaintenanceReleaseKeepsTheFirstMachinesWindow() {
        mesos.drainUnsupported(true);
        Path file = dir.resolve("actions.txt");
        MesosPoolScaler s = scaler(appendingCommand(file));
        s.release("transient", List.of("t1"));
        s.release("transient", List.of("t2"));

        awaitLines(file, 2);
        var last = mesos.operatorCalls(Call.Type.UPDATE_MAINTENANCE_SCHEDULE).get(1).getUpdateMaintenanceSchedule()
                .getSchedule();
        assertEquals(2, last.getWindowsCount(), "the schedule is read and extended, not replaced: " + last);
        assertEquals(AgentMode.DOWN, mesos.agentMode("t1"));
        assertEquals(AgentMode.DOWN, mesos.agentMode("t2"));
    }

    @Test
    void scaleUpRunsTheCommandWithThePoolAndCount() {
        Path file = dir.resolve("actions.txt");
        scaler(appendingCommand(file)).scaleUp("transient", 2);

        assertEquals(List.of("scale-up transient 2"), awaitLines(file, 1).stream()
                .map(l -> l.replaceAll("\\s+", " ")).toList());
        assertTrue(mesos.operatorCalls().isEmpty(), "scaling up asks nothing of Mesos");
    }

    @Test
    void aFailingCommandIsLoggedAndTheNextActionStillRuns() {
        Path file = dir.resolve("actions.txt");
        MesosPoolScaler s = scaler(ScaleHook.command("test \"$MANTIS_AGENT_ID\" != t1 || exit 3; echo "
                + "\"$MANTIS_AGENT_ID\" >> '" + file + "'", Duration.ofSeconds(10)));
        s.release("transient", List.of("t1", "t2"));

        assertEquals(List.of("t2"), awaitLines(file, 1));
        assertEquals(2, mesos.operatorCalls(Call.Type.DRAIN_AGENT).size());
    }

    @Test
    void theHttpHookPostsJsonForReleaseAndScaleUp() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/scale", exchange -> {
            received.add(new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        try {
            MesosPoolScaler s = scaler(ScaleHook.http("http://127.0.0.1:" + hook.getAddress().getPort() + "/scale",
                    Duration.ofSeconds(5)));
            s.release("transient", List.of("t1"));
            s.scaleUp("transient", 3);

            FakeMesosMaster.await("two hook calls", WAIT, () -> received.size() >= 2 ? Optional.of(true)
                    : Optional.empty());
            ObjectMapper json = new ObjectMapper();
            assertEquals(json.readTree("{\"action\":\"release\",\"pool\":\"transient\",\"agentId\":\"t1\","
                    + "\"hostname\":\"127.0.0.1\"}"), received.get(0));
            assertEquals(json.readTree("{\"action\":\"scale-up\",\"pool\":\"transient\",\"count\":3}"),
                    received.get(1));
        } finally {
            hook.stop(0);
        }
    }
}
