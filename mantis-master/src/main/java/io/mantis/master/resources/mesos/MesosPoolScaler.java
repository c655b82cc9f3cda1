package io.mantis.master.resources.mesos;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mantis.master.pools.PoolScaler;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.apache.mesos.v1.Protos.MachineID;
import org.apache.mesos.v1.maintenance.Protos.Schedule;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scales agent pools on Mesos. Releasing an agent drains it through the leading Mesos master's operator API
 * ({@code DRAIN_AGENT}, Mesos 1.9+; on an older master, which does not know that call, a maintenance window for the
 * agent's machine and {@code START_MAINTENANCE}), then hands it to the {@link ScaleHook}, which gives the machine
 * back. Scaling up only calls the hook: Mesos cannot start machines.
 *
 * <p>Threading: {@link #release} and {@link #scaleUp} return at once; the calls run in order on one thread of the
 * scaler's own. Failures (Mesos unreachable, a call refused, the hook failing) are logged with the agent and the
 * reason and never reach the caller. The hook is called even when draining failed: by then the pool manager has
 * seen nothing of ours run there, and the drain only protects other frameworks' tasks.
 */
public final class MesosPoolScaler implements PoolScaler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MesosPoolScaler.class);
    /** How long Mesos gives the agent's tasks to end when it drains it. */
    public static final Duration DRAIN_GRACE = Duration.ofMinutes(1);
    /** The length of the maintenance window scheduled for a released agent's machine on a pre-1.9 master. */
    public static final Duration MAINTENANCE_WINDOW = Duration.ofHours(1);
    /** Answers of a master that does not know a call type: it fails to parse or validate the call. */
    private static final Set<Integer> UNKNOWN_CALL = Set.of(400, 404, 405, 501);

    private final LeaderFinder finder;
    private final OperatorClient operator;
    private final ScaleHook hook;
    private final Function<String, Optional<AgentMachine>> machines;
    private final Clock clock;
    private final ExecutorService exec;

    /**
     * @param mesosMaster the same {@code http://...} list or {@code zk://} URL as the provider's
     *                    ({@link MesosConfig#master()}); the operator API is {@code /api/v1} of the leader
     * @param hook        gives released agents back and asks for new ones
     * @param machines    an agent's machine as its offers named it (the provider's
     *                    {@link MesosResourceProvider#machine(String)}); needed by the maintenance fallback only
     * @param callTimeout how long one operator call may take
     * @throws IllegalArgumentException when {@code mesosMaster} is neither a URL list nor a zk:// URL
     */
    public MesosPoolScaler(String mesosMaster, ScaleHook hook, Function<String, Optional<AgentMachine>> machines,
                           Duration callTimeout, Clock clock) {
        this.hook = Objects.requireNonNull(hook, "hook is null");
        this.machines = Objects.requireNonNull(machines, "machines is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.finder = LeaderFinder.of(Objects.requireNonNull(mesosMaster, "mesosMaster is null"));
        this.operator = new OperatorClient(finder, HttpClient.newBuilder().connectTimeout(callTimeout).build(),
                callTimeout, 3);
        this.exec = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mantis-mesos-scaler");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void scaleUp(String pool, int count) {
        Objects.requireNonNull(pool, "pool is null");
        submit(() -> hook.scaleUp(pool, count));
    }

    @Override
    public void release(String pool, List<String> agentIds) {
        Objects.requireNonNull(pool, "pool is null");
        for (String agentId : List.copyOf(Objects.requireNonNull(agentIds, "agentIds is null"))) {
            submit(() -> {
                drain(agentId);
                String hostname = machines.apply(agentId).map(AgentMachine::hostname).orElse("");
                hook.release(pool, agentId, hostname);
            });
        }
    }

    /** Stops the scaler's thread (actions not started are dropped) and its ZooKeeper client, if any. Idempotent. */
    @Override
    public void close() {
        exec.shutdownNow();
        finder.close();
    }

    @Override
    public String toString() {
        return "Mesos pool scaler with " + hook;
    }

    // ---- on the scaler's thread

    private void drain(String agentId) {
        try {
            OperatorClient.Answer answer = operator.send(OperatorCalls.drainAgent(agentId, DRAIN_GRACE));
            if (answer.ok()) {
                LOG.info("Mesos drains agent {} (DRAIN_AGENT)", agentId);
            } else if (UNKNOWN_CALL.contains(answer.status())) {
                LOG.info("the Mesos master refused DRAIN_AGENT for agent {} ({} {}); it may predate Mesos 1.9: "
                        + "falling back to maintenance", agentId, answer.status(), answer.text());
                maintain(agentId);
            } else {
                LOG.error("Mesos did not drain agent {}: DRAIN_AGENT answered {} {}", agentId, answer.status(),
                        answer.text());
            }
        } catch (OperatorClient.UnreachableException e) {
            LOG.error("cannot drain Mesos agent {}: {}", agentId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("draining Mesos agent {} interrupted: the scaler is closing", agentId);
        }
    }

    /** A maintenance window for the agent's machine, added to the master's schedule, then START_MAINTENANCE. */
    private void maintain(String agentId) throws OperatorClient.UnreachableException, InterruptedException {
        Optional<AgentMachine> machine = machines.apply(agentId)
                .filter(m -> !m.hostname().isEmpty() || !m.ip().isEmpty());
        if (machine.isEmpty()) {
            LOG.error("cannot put Mesos agent {} in maintenance: no offer of it named its machine", agentId);
            return;
        }
        MachineID id = OperatorCalls.machineId(machine.get());
        OperatorClient.Answer current = operator.send(OperatorCalls.getMaintenanceSchedule());
        if (!current.ok()) {
            // Updating blindly would replace the operator's windows for other machines.
            LOG.error("cannot put Mesos agent {} in maintenance: GET_MAINTENANCE_SCHEDULE answered {} {}", agentId,
                    current.status(), current.text());
            return;
        }
        Schedule schedule;
        try {
            schedule = Response.parseFrom(current.body()).getGetMaintenanceSchedule().getSchedule();
        } catch (InvalidProtocolBufferException e) {
            LOG.error("cannot put Mesos agent {} in maintenance: the maintenance schedule is unreadable ({})",
                    agentId, e.getMessage());
            return;
        }
        Schedule updated = OperatorCalls.withWindow(schedule, id, clock.instant(), MAINTENANCE_WINDOW);
        if (!expect(agentId, OperatorCalls.updateMaintenanceSchedule(updated))
                || !expect(agentId, OperatorCalls.startMaintenance(id))) {
            return;
        }
        LOG.info("Mesos agent {}: machine {} is in maintenance (down)", agentId, machine.get());
    }

    private boolean expect(String agentId, Call call) throws OperatorClient.UnreachableException,
            InterruptedException {
        OperatorClient.Answer answer = operator.send(call);
        if (!answer.ok()) {
            LOG.error("cannot put Mesos agent {} in maintenance: {} answered {} {}", agentId, call.getType(),
                    answer.status(), answer.text());
        }
        return answer.ok();
    }

    private void submit(Runnable action) {
        try {
            exec.execute(() -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.error("Mesos pool scaler action failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("Mesos pool scaler closed: action dropped");
        }
    }
}
