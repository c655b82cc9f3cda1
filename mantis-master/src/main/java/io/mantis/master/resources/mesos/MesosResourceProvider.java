package io.mantis.master.resources.mesos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantis.master.resources.AgentState;
import io.mantis.master.resources.ExecutorOverhead;
import io.mantis.master.resources.KnownWorker;
import io.mantis.master.resources.ProviderContext;
import io.mantis.master.resources.ResourceListener;
import io.mantis.master.resources.ResourceProvider;
import io.mantis.master.resources.WorkerStatus;
import io.mantis.master.resources.WorkerStatus.State;
import io.mantis.master.resources.mesos.SchedulerCalls.CallException;
import io.mantis.master.resources.mesos.SchedulerCalls.Session;
import io.mantis.protocol.LaunchRequest;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources from Apache Mesos: the master as a framework of the v1 scheduler HTTP API. Offers become leases (offer
 * id = lease id), task status updates become worker statuses, acknowledged only once the listener has stored them.
 * After every SUBSCRIBED the tasks of {@link ResourceListener#liveWorkers()} are reconciled explicitly (asked again,
 * with doubling delays, until Mesos has sent an update for each), and every
 * {@link MesosConfig#reconcileInterval()} all tasks implicitly; running tasks the jobs do not know are killed.
 * {@link #close()} drops the subscription without TEARDOWN: Mesos keeps the tasks for the failover timeout, and
 * the next leader resumes the same framework.
 *
 * <p>Threading: all state but the {@link AgentBook} is confined to one thread of the provider's own; public methods
 * hand their work to it and return at once. The listener is called from that thread, in event order.
 */
public final class MesosResourceProvider implements ResourceProvider {

    private static final Logger log = LoggerFactory.getLogger(MesosResourceProvider.class);

    private final MesosConfig config;
    private final ProviderContext context;
    private final ExecutorService exec;
    private final EventLoopGroup group;
    private final LeaderFinder finder;
    private final SchedulerCalls calls;
    private final TaskBuilder tasks;
    private final AgentBook book = new AgentBook();
    private final Subscription subscription;
    /** Kills not yet delivered (no subscription, or the call failed): sent again after the next SUBSCRIBED. */
    private final Map<String, String> pendingKills = new LinkedHashMap<>();
    /**
     * Tasks of the explicit reconciliation after the last SUBSCRIBED that Mesos has not answered yet (it stays
     * silent about tasks of agents still re-registering after a master failover): asked again with doubling delays
     * until every one has had an update, as Mesos's reconciliation guide prescribes.
     */
    private final Map<String, String> unreconciled = new LinkedHashMap<>();
    private ScheduledFuture<?> reconcileRetry;
    private ResourceListener listener;
    private ScheduledFuture<?> reconciling;
    private volatile boolean closed;

    /** @throws IllegalArgumentException when {@link MesosConfig#master()} is not a usable URL list or zk:// URL */
    public MesosResourceProvider(MesosConfig config, ProviderContext context) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.context = Objects.requireNonNull(context, "context is null");
        this.finder = LeaderFinder.of(config.master());
        this.exec = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mantis-mesos");
            t.setDaemon(true);
            return t;
        });
        this.group = new NioEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "mantis-mesos-io");
            t.setDaemon(true);
            return t;
        });
        this.calls = new SchedulerCalls(context.http(), context.timer(), config);
        this.tasks = new TaskBuilder(context.masterUrl(), new ObjectMapper());
        this.subscription = new Subscription(config, finder, context.store(), group, exec, context.timer(),
                context.clock(), new Subscription.Events() {
                    @Override
                    public void subscribed(Session session, FrameworkID frameworkId) {
                        onSubscribed(session);
                    }

                    @Override
                    public void event(Event event) {
                        onEvent(event);
                    }

                    @Override
                    public void ended(String reason) {
                        // Mesos takes outstanding offers back when the scheduler disconnects.
                        book.dropOffers().forEach(id -> listener.onLeaseRescinded(id));
                    }
                });
    }

    @Override
    public void start(ResourceListener newListener) {
        Objects.requireNonNull(newListener, "listener is null");
        run(() -> {
            if (listener != null) {
                throw new IllegalStateException("the Mesos provider was already started");
            }
            listener = newListener;
            subscription.start();
        });
        long period = config.reconcileInterval().toMillis();
        reconciling = context.timer().scheduleWithFixedDelay(() -> run(this::reconcileAll), period, period,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void launch(String agentId, List<String> leaseIds, List<LaunchRequest> workers) {
        Objects.requireNonNull(agentId, "agentId is null");
        List<String> ids = List.copyOf(Objects.requireNonNull(leaseIds, "leaseIds is null"));
        List<LaunchRequest> requests = List.copyOf(Objects.requireNonNull(workers, "workers is null"));
        run(() -> launchNow(agentId, ids, requests));
    }

    @Override
    public void decline(List<String> leaseIds) {
        List<String> ids = List.copyOf(Objects.requireNonNull(leaseIds, "leaseIds is null"));
        run(() -> {
            List<String> outstanding = book.take(ids).offers().stream().map(o -> o.getId().getValue()).toList();
            Session session = subscription.session();
            if (!outstanding.isEmpty() && session != null) {
                send(session, Calls.decline(subscription.frameworkId(), outstanding, config.refuseSeconds()));
            }
        });
    }

    @Override
    public void kill(String agentId, String workerId, String reason) {
        Objects.requireNonNull(workerId, "workerId is null");
        run(() -> {
            log.info("killing worker {} on Mesos agent {}: {}", workerId, agentId, reason);
            pendingKills.put(workerId, agentId);
            sendKill(workerId, agentId);
        });
    }

    @Override
    public List<AgentState> agents() {
        return book.views();
    }

    /**
     * The machine (hostname, ip) an agent's offers named, for the operator API's maintenance calls; empty when no
     * offer of that agent was seen. Thread-safe.
     */
    public Optional<AgentMachine> machine(String agentId) {
        return Optional.ofNullable(book.machine(Objects.requireNonNull(agentId, "agentId is null")));
    }

    @Override
    public ExecutorOverhead executorOverhead() {
        return TaskBuilder.EXECUTOR_OVERHEAD;
    }

    /** Drops the subscription (no TEARDOWN: tasks keep running) and stops the provider's threads. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (reconciling != null) {
            reconciling.cancel(false);
        }
        try {
            exec.submit(() -> {
                cancelReconcileRetry();
                subscription.close();
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("closing the Mesos subscription did not finish: {}", e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        exec.shutdown();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        finder.close();
    }

    // ---- everything below runs on exec ----

    private void launchNow(String agentId, List<String> leaseIds, List<LaunchRequest> requests) {
        AgentBook.Taken taken = book.take(leaseIds);
        Session session = subscription.session();
        String wrongAgent = taken.offers().stream().map(o -> o.getAgentId().getValue())
                .filter(a -> !a.equals(agentId)).findFirst().orElse(null);
        String refusal = session == null ? "not subscribed to Mesos: the offers of agent " + agentId + " are void"
                : !taken.missing().isEmpty() ? "offers " + taken.missing() + " of agent " + agentId
                + " are no longer valid (rescinded, used or declined)"
                : wrongAgent != null ? "offers " + leaseIds + " are not all of agent " + agentId : null;
        if (refusal != null) {
            requests.forEach(w -> report(w.workerId(), agentId, State.LOST, refusal));
            List<String> unused = taken.offers().stream().map(o -> o.getId().getValue()).toList();
            if (session != null && !unused.isEmpty()) {
                send(session, Calls.decline(subscription.frameworkId(), unused, config.refuseSeconds()));
            }
            return;
        }
        OfferedResources offered = new OfferedResources(taken.offers().stream()
                .flatMap(o -> o.getResourcesList().stream()).toList());
        List<TaskInfo> infos = new ArrayList<>();
        for (LaunchRequest request : requests) {
            try {
                infos.add(tasks.build(agentId, request, offered));
                book.launched(agentId, request.workerId(), new AgentBook.Use(request.cpus(), request.memoryMB(),
                        request.networkMbps()));
            } catch (IllegalArgumentException e) {
                report(request.workerId(), agentId, State.FAILED, e.getMessage());
            }
        }
        List<String> offerIds = taken.offers().stream().map(o -> o.getId().getValue()).toList();
        log.info("launching {} worker(s) on Mesos agent {} with offers {}", infos.size(), agentId, offerIds);
        calls.send(session, Calls.accept(subscription.frameworkId(), offerIds, infos, config.refuseSeconds()))
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        run(() -> {
                            callFailed(session, error);
                            for (TaskInfo info : infos) {
                                book.ended(info.getTaskId().getValue());
                                report(info.getTaskId().getValue(), agentId, State.LOST,
                                        "Mesos did not take the launch: " + error.getMessage());
                            }
                        });
                    }
                });
    }

    private void onSubscribed(Session session) {
        Map<String, String> live = listener.liveWorkers();
        cancelReconcileRetry();
        unreconciled.clear();
        unreconciled.putAll(live);
        if (!live.isEmpty()) {
            log.info("reconciling {} live worker(s) with Mesos", live.size());
            send(session, Calls.reconcile(subscription.frameworkId(), live));
            scheduleReconcileRetry(session, config.minBackoff());
        }
        new ArrayList<>(pendingKills.entrySet()).forEach(e -> sendKill(e.getKey(), e.getValue()));
    }

    private void onEvent(Event event) {
        switch (event.getType()) {
            case OFFERS -> {
                long now = context.clock().millis();
                for (Offer offer : event.getOffers().getOffersList()) {
                    book.offered(offer, now);
                    listener.onLease(OfferConverter.toLease(offer, now));
                }
            }
            case RESCIND -> {
                String offerId = event.getRescind().getOfferId().getValue();
                if (book.rescind(offerId)) {
                    listener.onLeaseRescinded(offerId);
                }
            }
            case UPDATE -> onUpdate(event.getUpdate().getStatus());
            case FAILURE -> onFailure(event.getFailure());
            case ERROR -> {
                log.error("Mesos reports an error for this framework: {}", event.getError().getMessage());
                subscription.drop("Mesos error: " + event.getError().getMessage());
            }
            default -> {
                // HEARTBEAT only feeds the watchdog; inverse offers and messages are not used.
            }
        }
    }

    private void onUpdate(TaskStatus status) {
        String workerId = status.getTaskId().getValue();
        unreconciled.remove(workerId);
        String known = book.agentOf(workerId);
        WorkerStatus mapped = StatusMapper.map(status, known == null ? "" : known);
        if (StatusMapper.isTerminal(status.getState())) {
            book.ended(workerId);
            pendingKills.remove(workerId);
        } else if (known == null && !mapped.agentId().isEmpty() && !adopt(workerId, mapped.agentId())) {
            log.warn("Mesos runs task {} on agent {}, which no job knows: killing it", workerId, mapped.agentId());
            pendingKills.put(workerId, mapped.agentId());
            sendKill(workerId, mapped.agentId());
        }
        Session session = subscription.session();
        listener.onWorkerStatus(mapped).whenComplete((ok, error) -> {
            if (error != null) {
                log.warn("status {} of worker {} was not stored ({}); not acknowledged, so Mesos sends it again",
                        status.getState(), workerId, error.toString());
            } else if (status.hasUuid() && status.hasAgentId()) {
                run(() -> acknowledge(session, status));
            }
        });
    }

    /** A task launched before this term: counted on its agent if the jobs know it. */
    private boolean adopt(String workerId, String agentId) {
        Optional<KnownWorker> known = context.knownWorker().apply(workerId);
        known.ifPresent(k -> book.launched(agentId, workerId, new AgentBook.Use(k.cpus(), k.memoryMB(),
                k.networkMbps())));
        return known.isPresent();
    }

    private void acknowledge(Session session, TaskStatus status) {
        Session now = subscription.session();
        if (now == null) {
            return; // Mesos resends unacknowledged updates to the next subscription
        }
        if (session != null && !session.equals(now)) {
            log.debug("acknowledging {} of {} on a newer subscription", status.getState(), status.getTaskId());
        }
        send(now, Calls.acknowledge(subscription.frameworkId(), status.getAgentId().getValue(),
                status.getTaskId().getValue(), status.getUuid()));
    }

    private void onFailure(Event.Failure failure) {
        if (failure.hasExecutorId()) {
            log.info("executor {} on agent {} ended with status {}; its task's update follows",
                    failure.getExecutorId().getValue(), failure.getAgentId().getValue(), failure.getStatus());
            return;
        }
        if (failure.hasAgentId()) {
            String agentId = failure.getAgentId().getValue();
            String reason = "Mesos agent " + agentId + " failed (removed or unreachable)";
            log.warn(reason);
            book.lose(agentId).forEach(listener::onLeaseRescinded);
            listener.onAgentLost(agentId, reason);
        }
    }

    private void scheduleReconcileRetry(Session session, Duration delay) {
        try {
            reconcileRetry = context.timer().schedule(() -> run(() -> retryReconcile(session, delay)),
                    delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the timer is shut down: the master is closing
        }
    }

    private void retryReconcile(Session session, Duration delay) {
        if (unreconciled.isEmpty() || session != subscription.session()) {
            return; // all answered, or a newer subscription reconciles afresh
        }
        log.info("Mesos has not answered the reconciliation of {} worker(s) yet: asking again", unreconciled.size());
        send(session, Calls.reconcile(subscription.frameworkId(), new LinkedHashMap<>(unreconciled)));
        Duration doubled = delay.multipliedBy(2);
        scheduleReconcileRetry(session, doubled.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : doubled);
    }

    private void cancelReconcileRetry() {
        if (reconcileRetry != null) {
            reconcileRetry.cancel(false);
            reconcileRetry = null;
        }
    }

    private void reconcileAll() {
        Session session = subscription.session();
        if (session != null) {
            send(session, Calls.reconcile(subscription.frameworkId(), Map.of()));
        }
    }

    private void sendKill(String workerId, String agentId) {
        Session session = subscription.session();
        if (session != null) {
            send(session, Calls.kill(subscription.frameworkId(), workerId, agentId));
        }
    }

    private void send(Session session, Call call) {
        calls.send(session, call).whenComplete((ok, error) -> {
            if (error != null) {
                run(() -> callFailed(session, error));
            }
        });
    }

    private void callFailed(Session session, Throwable error) {
        log.warn("{}", error.getMessage());
        if (error instanceof CallException e && e.redirect() != null) {
            subscription.redirect(session, e.redirect());
        }
    }

    private void report(String workerId, String agentId, State state, String reason) {
        log.warn("worker {} on Mesos agent {}: {} ({})", workerId, agentId, state, reason);
        listener.onWorkerStatus(new WorkerStatus(workerId, agentId, state, null, reason));
    }

    private void run(Runnable task) {
        if (closed) {
            return;
        }
        try {
            exec.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("Mesos provider task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }
}
