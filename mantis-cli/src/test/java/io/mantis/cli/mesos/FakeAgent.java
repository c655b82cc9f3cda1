package io.mantis.cli.mesos;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Value;

/**
 * One fake Mesos agent: its resources not offered nor used, its executors, and its own executor API server
 * (what {@code MESOS_AGENT_ENDPOINT} points at). Confined to the master's loop thread, except the server.
 */
final class FakeAgent {

    final AgentSpec spec;
    final LoopbackHttpServer executorApi;
    final Map<String, ExecutorRun> runs = new LinkedHashMap<>();
    /** Each fake agent pretends to be a machine of its own: its offers' url.address.ip, its maintenance id. */
    final String machineIp;
    ResourceSet free;
    boolean lost;
    AgentMode mode = AgentMode.ACTIVE;

    FakeAgent(AgentSpec spec, LoopbackHttpServer executorApi, String machineIp) {
        this.spec = spec;
        this.executorApi = executorApi;
        this.machineIp = machineIp;
        this.free = ResourceSet.of(spec);
    }

    AgentID id() {
        return AgentID.newBuilder().setValue(spec.id()).build();
    }

    Attribute poolAttribute() {
        return Attribute.newBuilder().setName("pool").setType(Value.Type.TEXT)
                .setText(Value.Text.newBuilder().setValue(spec.pool())).build();
    }

    org.apache.mesos.v1.Protos.MachineID machineId() {
        return org.apache.mesos.v1.Protos.MachineID.newBuilder().setHostname("127.0.0.1").setIp(machineIp).build();
    }

    /** Whether the allocator may offer this agent's resources. */
    boolean offering() {
        return !lost && mode == AgentMode.ACTIVE;
    }

    AgentInfo info() {
        return AgentInfo.newBuilder().setId(id()).setHostname("127.0.0.1").setPort(executorApi.port())
                .addAllResources(ResourceSet.of(spec).toProto("*")).addAttributes(poolAttribute()).build();
    }

    /** {@code host:port} of this agent's HTTP API, as Mesos puts it in {@code MESOS_AGENT_ENDPOINT}. */
    String endpoint() {
        return executorApi.hostPort();
    }
}
