package io.mantis.master.resources.mesos;

import java.time.Duration;
import java.time.Instant;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.MachineID;
import org.apache.mesos.v1.Protos.TimeInfo;
import org.apache.mesos.v1.Protos.Unavailability;
import org.apache.mesos.v1.maintenance.Protos.Schedule;
import org.apache.mesos.v1.maintenance.Protos.Window;
import org.apache.mesos.v1.master.Protos.Call;

/** Builds the operator API {@link Call}s ({@code POST /api/v1}) the pool scaler makes. Pure functions; thread-safe. */
final class OperatorCalls {

    private OperatorCalls() {
    }

    /**
     * DRAIN_AGENT (Mesos 1.9+): no new offers from the agent, its tasks killed within {@code maxGracePeriod}, then it
     * is DRAINED. {@code mark_gone} stays false, so the agent may register again (a scaler may reuse the machine).
     */
    static Call drainAgent(String agentId, Duration maxGracePeriod) {
        return Call.newBuilder().setType(Call.Type.DRAIN_AGENT)
                .setDrainAgent(Call.DrainAgent.newBuilder()
                        .setAgentId(AgentID.newBuilder().setValue(agentId))
                        .setMarkGone(false)
                        .setMaxGracePeriod(com.google.protobuf.Duration.newBuilder()
                                .setSeconds(maxGracePeriod.getSeconds()).setNanos(maxGracePeriod.getNano())))
                .build();
    }

    static Call getMaintenanceSchedule() {
        return Call.newBuilder().setType(Call.Type.GET_MAINTENANCE_SCHEDULE).build();
    }

    /** UPDATE_MAINTENANCE_SCHEDULE with {@code schedule}, which replaces the master's whole schedule. */
    static Call updateMaintenanceSchedule(Schedule schedule) {
        return Call.newBuilder().setType(Call.Type.UPDATE_MAINTENANCE_SCHEDULE)
                .setUpdateMaintenanceSchedule(Call.UpdateMaintenanceSchedule.newBuilder().setSchedule(schedule))
                .build();
    }

    static Call startMaintenance(MachineID machine) {
        return Call.newBuilder().setType(Call.Type.START_MAINTENANCE)
                .setStartMaintenance(Call.StartMaintenance.newBuilder().addMachines(machine)).build();
    }

    /** The machine id Mesos knows an agent's machine by: hostname and ip, each only when known. */
    static MachineID machineId(AgentMachine machine) {
        MachineID.Builder id = MachineID.newBuilder();
        if (!machine.hostname().isEmpty()) {
            id.setHostname(machine.hostname());
        }
        if (!machine.ip().isEmpty()) {
            id.setIp(machine.ip());
        }
        return id.build();
    }

    /**
     * {@code current} plus a window for {@code machine} from {@code start} lasting {@code length}; unchanged when a
     * window already names the machine (the operator, or an earlier release, scheduled it).
     */
    static Schedule withWindow(Schedule current, MachineID machine, Instant start, Duration length) {
        for (Window w : current.getWindowsList()) {
            if (w.getMachineIdsList().contains(machine)) {
                return current;
            }
        }
        long startNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        return current.toBuilder().addWindows(Window.newBuilder().addMachineIds(machine)
                .setUnavailability(Unavailability.newBuilder()
                        .setStart(TimeInfo.newBuilder().setNanoseconds(startNanos))
                        .setDuration(DurationInfo.newBuilder().setNanoseconds(length.toNanos())))).build();
    }
}
