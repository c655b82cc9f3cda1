package io.mantis.cli.mesos;

import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.MachineID;
import org.apache.mesos.v1.maintenance.Protos.Schedule;
import org.apache.mesos.v1.maintenance.Protos.Window;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;

/**
 * {@code POST /api/v1}, the operator API, for the calls a pool scaler makes: DRAIN_AGENT, GET_MAINTENANCE_SCHEDULE,
 * UPDATE_MAINTENANCE_SCHEDULE and START_MAINTENANCE (others answer 400 here). Every parsed call is recorded. With
 * {@link #drainUnsupported} set, DRAIN_AGENT is answered as a master older than 1.9 answers a call type it does not
 * know. Runs on the master's loop thread.
 */
final class OperatorApi {

    static final String PATH = "/api/v1";

    private final MesosCore core;
    private final List<Call> calls;
    private Schedule schedule = Schedule.getDefaultInstance();
    volatile boolean drainUnsupported;

    OperatorApi(MesosCore core, List<Call> calls) {
        this.core = core;
        this.calls = calls;
    }

    void handle(LoopbackHttpServer.Request request) {
        Call call = ProtobufRequests.read(request, Call.parser(), "fake master", "Call");
        if (call == null) {
            return;
        }
        calls.add(call);
        if (!call.hasType() || (drainUnsupported && call.getType() == Call.Type.DRAIN_AGENT)) {
            // An older master parses an unknown enum value as an absent field.
            request.respond(400, "Failed to validate master::Call: Expecting 'type' to be present");
            return;
        }
        switch (call.getType()) {
            case DRAIN_AGENT -> drain(request, call.getDrainAgent());
            case GET_MAINTENANCE_SCHEDULE -> respond(request, Response.newBuilder()
                    .setType(Response.Type.GET_MAINTENANCE_SCHEDULE)
                    .setGetMaintenanceSchedule(Response.GetMaintenanceSchedule.newBuilder().setSchedule(schedule))
                    .build());
            case UPDATE_MAINTENANCE_SCHEDULE -> update(request, call.getUpdateMaintenanceSchedule().getSchedule());
            case START_MAINTENANCE -> start(request, call.getStartMaintenance().getMachinesList());
            default -> request.respond(400, "Call type " + call.getType() + " is not supported by the fake master");
        }
    }

    private void drain(LoopbackHttpServer.Request request, Call.DrainAgent drain) {
        String agentId = drain.getAgentId().getValue();
        FakeAgent agent = core.agents.get(agentId);
        if (agent == null || agent.lost) {
            request.respond(400, "Unknown agent " + agentId);
            return;
        }
        core.drain(agent, AgentMode.DRAINING);
        request.respond(200, "");
    }

    private void update(LoopbackHttpServer.Request request, Schedule next) {
        for (Window w : next.getWindowsList()) {
            for (MachineID m : w.getMachineIdsList()) {
                if (!m.hasHostname() && !m.hasIp()) {
                    request.respond(400, "Invalid MachineID: one of hostname or ip must be set");
                    return;
                }
            }
        }
        schedule = next;
        request.respond(200, "");
    }

    private void start(LoopbackHttpServer.Request request, List<MachineID> machines) {
        List<MachineID> scheduled = new ArrayList<>();
        schedule.getWindowsList().forEach(w -> scheduled.addAll(w.getMachineIdsList()));
        for (MachineID m : machines) {
            if (!scheduled.contains(m)) {
                request.respond(400, "Machine '" + m + "' is not part of a maintenance schedule");
                return;
            }
        }
        for (FakeAgent agent : core.agents.values()) {
            if (machines.contains(agent.machineId()) && !agent.lost) {
                core.drain(agent, AgentMode.DOWN);
            }
        }
        request.respond(200, "");
    }

    private static void respond(LoopbackHttpServer.Request request, Response response) {
        request.respondBytes(200, SchedulerApi.PROTOBUF, response.toByteArray());
    }
}
