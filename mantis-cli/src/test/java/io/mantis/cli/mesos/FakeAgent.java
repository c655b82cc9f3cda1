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
    ResourceSet free;
    boolean lost;

    FakeAgent(AgentSpec spec, LoopbackHttpServer executorApi) {
        this.spec = spec;
        this.executorApi = executorApi;
        this.free = ResourceSet.of(spec);
    }

    AgentID id() {
        return AgentID.newBuilder().setValue(spec.id()).build();
    }

    Attribute poolAttribute() {
        return Attribute.newBuilder().setName("pool").setType(Value.Type.TEXT)
                .setText(Value.Text.newBuilder().setValue(spec.pool())).build();
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
