package io.mantis.master.resources.mesos;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;

/** Builds the scheduler {@link Call}s the provider makes. Pure functions; thread-safe. */
final class Calls {

    private Calls() {
    }

    /**
     * SUBSCRIBE. With a stored framework id it is set in both {@code framework_id} and {@code framework_info.id},
     * which is how Mesos recognises a scheduler resuming its framework (tasks kept).
     *
     * @param frameworkId null on the very first subscription
     */
    static Call subscribe(MesosConfig config, FrameworkID frameworkId) {
        FrameworkInfo.Builder info = FrameworkInfo.newBuilder()
                .setUser(config.user())
                .setName(MesosConfig.FRAMEWORK_NAME)
                .setRole(config.role())
                .setFailoverTimeout(config.failoverTimeout().toMillis() / 1000.0)
                .setCheckpoint(true);
        Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE);
        if (frameworkId != null) {
            info.setId(frameworkId);
            call.setFrameworkId(frameworkId);
        }
        return call.setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)).build();
    }

    /** One ACCEPT of every offer id with one LAUNCH of all {@code tasks} (none: the offers are just used up). */
    static Call accept(FrameworkID frameworkId, Collection<String> offerIds, List<TaskInfo> tasks,
                       double refuseSeconds) {
        Call.Accept.Builder accept = Call.Accept.newBuilder()
                .setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds));
        offerIds.forEach(id -> accept.addOfferIds(OfferID.newBuilder().setValue(id)));
        if (!tasks.isEmpty()) {
            accept.addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                    .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks)));
        }
        return Call.newBuilder().setType(Call.Type.ACCEPT).setFrameworkId(frameworkId).setAccept(accept).build();
    }

    static Call decline(FrameworkID frameworkId, Collection<String> offerIds, double refuseSeconds) {
        Call.Decline.Builder decline = Call.Decline.newBuilder()
                .setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds));
        offerIds.forEach(id -> decline.addOfferIds(OfferID.newBuilder().setValue(id)));
        return Call.newBuilder().setType(Call.Type.DECLINE).setFrameworkId(frameworkId).setDecline(decline).build();
    }

    /** @param agentId null when unknown; Mesos then looks the task up itself */
    static Call kill(FrameworkID frameworkId, String workerId, String agentId) {
        Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue(workerId));
        if (agentId != null && !agentId.isBlank()) {
            kill.setAgentId(AgentID.newBuilder().setValue(agentId));
        }
        return Call.newBuilder().setType(Call.Type.KILL).setFrameworkId(frameworkId).setKill(kill).build();
    }

    static Call acknowledge(FrameworkID frameworkId, String agentId, String workerId,
                            com.google.protobuf.ByteString uuid) {
        return Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setFrameworkId(frameworkId)
                .setAcknowledge(Call.Acknowledge.newBuilder()
                        .setAgentId(AgentID.newBuilder().setValue(agentId))
                        .setTaskId(TaskID.newBuilder().setValue(workerId))
                        .setUuid(uuid))
                .build();
    }

    /** @param tasks worker id to agent id; empty asks about every task of the framework (implicit) */
    static Call reconcile(FrameworkID frameworkId, Map<String, String> tasks) {
        Call.Reconcile.Builder reconcile = Call.Reconcile.newBuilder();
        tasks.forEach((workerId, agentId) -> {
            Call.Reconcile.Task.Builder task = Call.Reconcile.Task.newBuilder()
                    .setTaskId(TaskID.newBuilder().setValue(workerId));
            if (agentId != null && !agentId.isBlank()) {
                task.setAgentId(AgentID.newBuilder().setValue(agentId));
            }
            reconcile.addTasks(task);
        });
        return Call.newBuilder().setType(Call.Type.RECONCILE).setFrameworkId(frameworkId).setReconcile(reconcile)
                .build();
    }
}
