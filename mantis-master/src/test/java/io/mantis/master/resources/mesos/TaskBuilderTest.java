package io.mantis.master.resources.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantis.protocol.LaunchRequest;
import java.net.URI;
import java.util.List;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class TaskBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TaskBuilder builder = new TaskBuilder(URI.create("http://10.0.0.5:8100"), JSON);

    static LaunchRequest request(String workerId, double cpus, int dataPort) {
        return new LaunchRequest(workerId, "abc123", "http://10.0.0.5:8100/api/v1/artifacts/abc123",
                "{\"jobId\":\"job-1\",\"dataPort\":" + dataPort + ",\"sinkPort\":" + (dataPort + 1)
                        + ",\"adminPort\":" + (dataPort + 2) + "}",
                cpus, 1024, 100, "http://10.0.0.5:8100/api/v1/workers/" + workerId + "/heartbeat", 1000, "t0k");
    }

    private static OfferedResources offered() {
        return new OfferedResources(MesosFixtures.offer("offer-1", "agent-1", "host-1").getResourcesList());
    }

    private static double sum(List<Resource> resources, String name) {
        return resources.stream().filter(r -> r.getName().equals(name)).mapToDouble(r -> r.getScalar().getValue())
                .sum();
    }

    @Test
    void taskCarriesTheWorkersResourcesPortsAndLaunchRequest() throws Exception {
        LaunchRequest request = request("job-1-1-0-1", 3, 31000);
        TaskInfo task = builder.build("agent-1", request, offered());

        assertEquals("job-1-1-0-1", task.getTaskId().getValue());
        assertEquals("agent-1", task.getAgentId().getValue());
        assertEquals(3.0, sum(task.getResourcesList(), "cpus"), 1e-9);
        assertEquals(1024.0, sum(task.getResourcesList(), "mem"), 1e-9);
        assertEquals(100.0, sum(task.getResourcesList(), "network"), 1e-9);
        assertTrue(task.getResourcesList().stream().anyMatch(r -> r.getName().equals("cpus")
                && r.getReservationsCount() == 1 && r.getScalar().getValue() == 2.0),
                "reserved cpus are used first, with their reservation: " + task.getResourcesList());
        List<Value.Range> ports = task.getResourcesList().stream().filter(r -> r.getName().equals("ports"))
                .flatMap(r -> r.getRanges().getRangeList().stream()).toList();
        assertEquals(List.of(31000L, 31001L, 31002L), ports.stream().map(Value.Range::getBegin).toList());
        assertEquals(request, JSON.readValue(task.getData().toByteArray(), LaunchRequest.class));
    }

    @Test
    void executorIsCustomWithItsOwnResourcesAndFetchesBothJars() {
        TaskInfo task = builder.build("agent-1", request("job-1-1-0-1", 1, 31000), offered());
        ExecutorInfo executor = task.getExecutor();

        assertEquals(ExecutorInfo.Type.CUSTOM, executor.getType());
        assertEquals("job-1-1-0-1-executor", executor.getExecutorId().getValue());
        assertEquals(0.1, sum(executor.getResourcesList(), "cpus"), 1e-9);
        assertEquals(64.0, sum(executor.getResourcesList(), "mem"), 1e-9);
        CommandInfo command = executor.getCommand();
        assertTrue(command.getShell());
        assertEquals("java -Xmx48m -cp mantis-executor.jar io.mantis.executor.mesos.MesosExecutorMain",
                command.getValue());
        assertEquals(List.of("http://10.0.0.5:8100/api/v1/executor/mantis-executor.jar",
                "http://10.0.0.5:8100/api/v1/artifacts/abc123"),
                command.getUrisList().stream().map(CommandInfo.URI::getValue).toList());
        for (CommandInfo.URI uri : command.getUrisList()) {
            assertFalse(uri.getCache() || uri.getExtract() || uri.getExecutable(), uri.toString());
        }
    }

    @Test
    void workersOfOneAcceptShareTheOffersWithoutOverlap() {
        OfferedResources offered = offered();
        builder.build("agent-1", request("job-1-1-0-1", 3.8, 31000), offered);
        builder.build("agent-1", request("job-1-1-1-1", 3.8, 31003), offered);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.build("agent-1", request("job-1-1-2-1", 0.5, 31006), offered));
        assertTrue(e.getMessage().contains("job-1-1-2-1") && e.getMessage().contains("cpus"), e.getMessage());
        // The failed take left the offers as they were: a smaller worker still fits.
        builder.build("agent-1", request("job-1-1-3-1", 0.1, 31006), offered);
    }

    @Test
    void aPortOutsideTheOfferIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.build("agent-1", request("job-1-1-0-1", 1, 5000), offered()));
        assertTrue(e.getMessage().contains("port 5000"), e.getMessage());
    }
}
