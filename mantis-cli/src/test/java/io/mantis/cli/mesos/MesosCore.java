package io.mantis.cli.mesos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fake master's state machine: frameworks, agents, offers and tasks, and the scheduler calls that change them.
 * Every method runs on the one loop thread of {@link FakeMesosMaster}, so no state here is locked; blocking work
 * (fetching, starting processes) happens elsewhere and posts its outcome back to the loop.
 */
final class MesosCore {

    private static final Logger log = LoggerFactory.getLogger(MesosCore.class);
    /** What Mesos applies when a DECLINE or ACCEPT carries no filters. */
    static final double DEFAULT_REFUSE_SECONDS = 5.0;

    record OfferRecord(String offerId, String frameworkId, String agentId, ResourceSet resources, Offer offer) {
    }

    final Map<String, FrameworkRecord> frameworks = new LinkedHashMap<>();
    final Map<String, FakeAgent> agents = new LinkedHashMap<>();
    final Map<String, OfferRecord> offers = new LinkedHashMap<>();
    final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    final Path workDir;
    final Duration heartbeat;
    final Duration updateRetry;
    final Duration registrationTimeout;
    final MasterInfo masterInfo;
    private final AgentSide agentSide;
    private int offerSeq;
    private int frameworkSeq;

    MesosCore(Path workDir, Duration heartbeat, Duration updateRetry, Duration registrationTimeout, int port,
              ExecutorLauncher launcher, Executor loop, Executor blocking) {
        this.workDir = workDir;
        this.heartbeat = heartbeat;
        this.updateRetry = updateRetry;
        this.registrationTimeout = registrationTimeout;
        this.masterInfo = MasterInfo.newBuilder().setId("fake-master-" + UUID.randomUUID())
                .setIp(0x0100007f).setPort(port).setHostname("127.0.0.1").setVersion("1.11.0").build();
        this.agentSide = new AgentSide(this, launcher, loop, blocking);
    }

    AgentSide agentSide() {
        return agentSide;
    }

    // ---- SUBSCRIBE and the framework's stream

    /** Answers a validated SUBSCRIBE: a new framework, a re-subscription, or a failover from another connection. */
    void subscribe(LoopbackHttpServer.Request request, Call call) {
        var info = call.getSubscribe().getFrameworkInfo();
        String id = info.hasId() ? info.getId().getValue() : masterInfo.getId() + "-" + String.format("%04d", frameworkSeq++);
        FrameworkRecord fw = frameworks.get(id);
        if (fw == null) {
            fw = new FrameworkRecord(id, info.toBuilder().setId(FrameworkID.newBuilder().setValue(id)).build());
            frameworks.put(id, fw);
        } else {
            fw.info = info.toBuilder().setId(FrameworkID.newBuilder().setValue(id)).build();
            if (fw.stream != null) {
                EventStream old = fw.stream;
                fw.stream = null;
                old.send(Event.newBuilder().setType(Event.Type.ERROR)
                        .setError(Event.Error.newBuilder().setMessage("Framework failed over")).build());
                old.close();
            }
        }
        String streamId = UUID.randomUUID().toString();
        EventStream stream = request.openStream(h -> h.set("Mesos-Stream-Id", streamId));
        fw.streamId = streamId;
        fw.stream = stream;
        fw.disconnectedAt = 0;
        fw.suppressed = false;
        FrameworkRecord subscribed = fw;
        stream.onClose(() -> agentSide.post(() -> disconnected(subscribed, stream)));
        stream.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setFrameworkId(FrameworkID.newBuilder().setValue(id))
                .setHeartbeatIntervalSeconds(heartbeat.toMillis() / 1000.0).setMasterInfo(masterInfo)).build());
        log.info("framework {} subscribed on stream {}", id, streamId);
        // The agents retry unacknowledged updates; a re-subscribed framework gets them again at once.
        for (TaskRecord t : tasks.values()) {
            if (t.frameworkId.equals(id) && !t.pending.isEmpty()) {
                agentSide.sendHead(t);
            }
        }
        allocate();
    }

    private void disconnected(FrameworkRecord fw, EventStream stream) {
        if (fw.stream != stream) {
            return; // an older stream of a framework that already re-subscribed
        }
        fw.stream = null;
        fw.disconnectedAt = System.nanoTime();
        log.info("framework {} disconnected; failover timeout {} s", fw.id, fw.info.getFailoverTimeout());
        // A disconnected framework's offers go back to the allocator.
        offers.values().removeIf(o -> {
            if (o.frameworkId().equals(fw.id)) {
                returnResources(o.agentId(), o.resources());
                return true;
            }
            return false;
        });
    }

    void send(String frameworkId, Event event) {
        FrameworkRecord fw = frameworks.get(frameworkId);
        if (fw != null && fw.stream != null) {
            fw.stream.send(event);
        }
    }

    // ---- calls of a subscribed framework, already checked by SchedulerApi

    void accept(FrameworkRecord fw, Call.Accept accept) {
        List<OfferRecord> used = new ArrayList<>();
        String error = accept.getOfferIdsCount() == 0 ? "No offers specified" : null;
        for (OfferID offerId : accept.getOfferIdsList()) {
            OfferRecord o = offers.get(offerId.getValue());
            if (o == null) {
                error = "Offer " + offerId.getValue() + " is no longer valid";
            } else if (!o.frameworkId().equals(fw.id)) {
                error = "Offer " + offerId.getValue() + " has invalid framework";
            } else {
                if (!used.isEmpty() && !used.get(0).agentId().equals(o.agentId())) {
                    error = "Aggregated offers must belong to one single agent";
                }
                offers.remove(o.offerId());
                used.add(o);
            }
        }
        if (error != null) {
            for (OfferRecord o : used) {
                returnResources(o.agentId(), o.resources());
            }
            TaskState state = fw.partitionAware() ? TaskState.TASK_DROPPED : TaskState.TASK_LOST;
            for (var op : accept.getOperationsList()) {
                for (TaskInfo task : op.getLaunch().getTaskInfosList()) {
                    send(fw.id, Statuses.update(Statuses.fromMaster(task.getTaskId().getValue(),
                            task.getAgentId().getValue(), state, TaskStatus.Reason.REASON_INVALID_OFFERS,
                            "Task launched with invalid offers: " + error)));
                }
            }
            log.info("framework {} accepted invalid offers: {}", fw.id, error);
            return;
        }
        FakeAgent agent = agents.get(used.get(0).agentId());
        ResourceSet available = ResourceSet.EMPTY;
        for (OfferRecord o : used) {
            available = available.plus(o.resources());
        }
        for (var op : accept.getOperationsList()) {
            if (op.getType() == Offer.Operation.Type.LAUNCH) {
                for (TaskInfo task : op.getLaunch().getTaskInfosList()) {
                    available = agentSide.launch(fw, agent, task, available);
                }
            } else {
                log.warn("framework {}: operation {} is not supported by the fake master; ignored", fw.id, op.getType());
            }
        }
        returnResources(agent.spec.id(), available);
        if (available.offerable()) {
            refuse(fw, agent.spec.id(), accept.hasFilters() ? accept.getFilters().getRefuseSeconds() : DEFAULT_REFUSE_SECONDS);
        }
    }

    void decline(FrameworkRecord fw, Call.Decline decline) {
        double seconds = decline.hasFilters() ? decline.getFilters().getRefuseSeconds() : DEFAULT_REFUSE_SECONDS;
        for (OfferID offerId : decline.getOfferIdsList()) {
            OfferRecord o = offers.get(offerId.getValue());
            if (o != null && o.frameworkId().equals(fw.id)) { // Mesos ignores declines of invalid offers
                offers.remove(o.offerId());
                returnResources(o.agentId(), o.resources());
                refuse(fw, o.agentId(), seconds);
            }
        }
    }

    void reconcile(FrameworkRecord fw, Call.Reconcile reconcile) {
        if (reconcile.getTasksCount() == 0) {
            for (TaskRecord t : tasks.values()) {
                if (t.frameworkId.equals(fw.id) && (!t.terminal() || !t.pending.isEmpty())) {
                    send(fw.id, Statuses.update(Statuses.reconciled(t)));
                }
            }
            return;
        }
        for (Call.Reconcile.Task asked : reconcile.getTasksList()) {
            reconcileOne(fw, asked.getTaskId().getValue(), asked.hasAgentId() ? asked.getAgentId().getValue() : null);
        }
    }

    /** The answer for one task: its latest state when known; otherwise what Mesos says of an unknown task. */
    void reconcileOne(FrameworkRecord fw, String taskId, String agentId) {
        TaskRecord t = tasks.get(taskId);
        if (t != null && t.frameworkId.equals(fw.id)) {
            send(fw.id, Statuses.update(Statuses.reconciled(t)));
            return;
        }
        FakeAgent agent = agentId == null ? null : agents.get(agentId);
        TaskState state;
        if (!fw.partitionAware()) {
            state = TaskState.TASK_LOST;
        } else if (agent == null) {
            state = TaskState.TASK_UNKNOWN;
        } else {
            state = agent.lost ? TaskState.TASK_UNREACHABLE : TaskState.TASK_GONE;
        }
        send(fw.id, Statuses.update(Statuses.fromMaster(taskId, agentId, state,
                TaskStatus.Reason.REASON_RECONCILIATION, "Reconciliation: task is unknown")));
    }

    void revive(FrameworkRecord fw) {
        fw.suppressed = false;
        fw.refusedUntil.clear();
        allocate();
    }

    /** Removes the framework and kills everything it runs, as TEARDOWN or an expired failover timeout do. */
    void teardown(FrameworkRecord fw) {
        log.info("tearing down framework {}", fw.id);
        offers.values().removeIf(o -> {
            if (o.frameworkId().equals(fw.id)) {
                returnResources(o.agentId(), o.resources());
                return true;
            }
            return false;
        });
        agentSide.shutdownFramework(fw.id);
        frameworks.remove(fw.id);
        if (fw.stream != null) {
            EventStream stream = fw.stream;
            fw.stream = null;
            stream.close();
        }
    }

    // ---- the allocator

    private void refuse(FrameworkRecord fw, String agentId, double seconds) {
        if (seconds > 0) {
            fw.refusedUntil.put(agentId, System.nanoTime() + (long) (seconds * 1e9));
        }
    }

    /** Gives resources back to an agent; new resources there lift every filter on it, as Mesos's do. */
    void returnResources(String agentId, ResourceSet resources) {
        FakeAgent agent = agents.get(agentId);
        if (agent == null || agent.lost) {
            return;
        }
        agent.free = agent.free.plus(resources);
    }

    void freed(String agentId, ResourceSet resources) {
        returnResources(agentId, resources);
        for (FrameworkRecord fw : frameworks.values()) {
            fw.refusedUntil.remove(agentId);
        }
    }

    /** Offers every agent's free resources to a framework that wants them: one offer per agent and round. */
    void allocate() {
        long now = System.nanoTime();
        Map<String, List<Offer>> batches = new HashMap<>();
        List<FrameworkRecord> eligible = new ArrayList<>();
        for (FrameworkRecord fw : frameworks.values()) {
            if (fw.connected() && !fw.suppressed) {
                eligible.add(fw);
            }
        }
        int turn = 0;
        for (FakeAgent agent : agents.values()) {
            if (!agent.offering() || !agent.free.offerable() || eligible.isEmpty()) {
                continue;
            }
            for (int i = 0; i < eligible.size(); i++) {
                FrameworkRecord fw = eligible.get((turn + i) % eligible.size());
                Long until = fw.refusedUntil.get(agent.spec.id());
                if (until != null && until - now > 0) {
                    continue;
                }
                fw.refusedUntil.remove(agent.spec.id());
                batches.computeIfAbsent(fw.id, k -> new ArrayList<>()).add(offer(fw, agent));
                turn++;
                break;
            }
        }
        batches.forEach((frameworkId, list) -> send(frameworkId, Event.newBuilder().setType(Event.Type.OFFERS)
                .setOffers(Event.Offers.newBuilder().addAllOffers(list)).build()));
    }

    private Offer offer(FrameworkRecord fw, FakeAgent agent) {
        String offerId = masterInfo.getId() + "-O" + offerSeq++;
        Offer.Builder offer = Offer.newBuilder().setId(OfferID.newBuilder().setValue(offerId))
                .setFrameworkId(FrameworkID.newBuilder().setValue(fw.id)).setAgentId(agent.id())
                .setHostname("127.0.0.1").addAllResources(agent.free.toProto(fw.role()))
                .setUrl(org.apache.mesos.v1.Protos.URL.newBuilder().setScheme("http").setPath("/slave(1)")
                        .setAddress(org.apache.mesos.v1.Protos.Address.newBuilder().setHostname("127.0.0.1")
                                .setIp(agent.machineIp).setPort(agent.executorApi.port())))
                .addAttributes(agent.poolAttribute())
                .setAllocationInfo(org.apache.mesos.v1.Protos.Resource.AllocationInfo.newBuilder().setRole(fw.role()));
        for (ExecutorRun run : agent.runs.values()) {
            if (run.frameworkId.equals(fw.id) && !run.exited) {
                offer.addExecutorIds(ExecutorID.newBuilder().setValue(run.executorId));
            }
        }
        Offer built = offer.build();
        offers.put(offerId, new OfferRecord(offerId, fw.id, agent.spec.id(), agent.free, built));
        agent.free = ResourceSet.EMPTY;
        return built;
    }

    /** Periodic duties: failover timeouts, update retries, executor registration timeouts, then offers. */
    void tick() {
        long now = System.nanoTime();
        for (Iterator<FrameworkRecord> it = new ArrayList<>(frameworks.values()).iterator(); it.hasNext(); ) {
            FrameworkRecord fw = it.next();
            if (!fw.connected() && now - fw.disconnectedAt > (long) (fw.info.getFailoverTimeout() * 1e9)) {
                log.info("framework {} did not re-subscribe within its failover timeout", fw.id);
                teardown(fw);
            }
        }
        agentSide.tick(now);
        for (FakeAgent agent : agents.values()) {
            if (agent.mode == AgentMode.DRAINING && tasks.values().stream()
                    .noneMatch(t -> t.agentId.equals(agent.spec.id()) && !t.terminal())) {
                agent.mode = AgentMode.DRAINED;
                log.info("agent {} drained", agent.spec.id());
            }
        }
        allocate();
    }

    void heartbeats() {
        Event beat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
        for (FrameworkRecord fw : frameworks.values()) {
            if (fw.stream != null) {
                fw.stream.send(beat);
            }
        }
        agentSide.heartbeats();
    }

    /**
     * Takes an agent out of service, as DRAIN_AGENT ({@code DRAINING}, then {@code DRAINED} once nothing runs) or
     * START_MAINTENANCE ({@code DOWN}) do: its outstanding offers rescinded, nothing more offered, its tasks killed.
     */
    void drain(FakeAgent agent, AgentMode mode) {
        if (agent.mode == AgentMode.DOWN || (agent.mode != AgentMode.ACTIVE && mode == AgentMode.DRAINING)) {
            return;
        }
        agent.mode = mode;
        for (OfferRecord o : new ArrayList<>(offers.values())) {
            if (o.agentId().equals(agent.spec.id())) {
                rescind(o.offerId());
            }
        }
        for (TaskRecord t : new ArrayList<>(tasks.values())) {
            FrameworkRecord fw = frameworks.get(t.frameworkId);
            if (t.agentId.equals(agent.spec.id()) && !t.terminal() && fw != null) {
                agentSide.kill(fw, Call.Kill.newBuilder()
                        .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue(t.taskId))
                        .setAgentId(agent.id()).build());
            }
        }
        log.info("agent {} {}", agent.spec.id(), mode);
    }

    // ---- test controls

    boolean rescind(String offerId) {
        OfferRecord o = offers.remove(offerId);
        if (o == null) {
            return false;
        }
        returnResources(o.agentId(), o.resources());
        send(o.frameworkId(), Event.newBuilder().setType(Event.Type.RESCIND)
                .setRescind(Event.Rescind.newBuilder().setOfferId(OfferID.newBuilder().setValue(offerId))).build());
        return true;
    }

    void disconnectFrameworks() {
        for (FrameworkRecord fw : frameworks.values()) {
            if (fw.stream != null) {
                fw.stream.close();
            }
        }
    }

    /** The agent becomes unreachable: offers rescinded, executors gone, tasks lost, frameworks told. */
    void loseAgent(String agentId) {
        FakeAgent agent = agents.get(agentId);
        if (agent == null) {
            throw new IllegalArgumentException("no agent '" + agentId + "'; agents: " + agents.keySet());
        }
        if (agent.lost) {
            return;
        }
        for (OfferRecord o : new ArrayList<>(offers.values())) {
            if (o.agentId().equals(agentId)) {
                rescind(o.offerId());
            }
        }
        agent.lost = true;
        agent.free = ResourceSet.EMPTY;
        agentSide.loseExecutors(agent);
        for (FrameworkRecord fw : frameworks.values()) {
            send(fw.id, Event.newBuilder().setType(Event.Type.FAILURE)
                    .setFailure(Event.Failure.newBuilder().setAgentId(AgentID.newBuilder().setValue(agentId))).build());
        }
        agent.executorApi.close();
        log.info("agent {} lost", agentId);
    }
}
