package io.mantis.master.resources.embedded;

import io.mantis.master.resources.KnownWorker;
import io.mantis.master.resources.AgentState;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantis.master.resources.Lease;
import io.mantis.master.resources.ResourceListener;
import io.mantis.master.resources.ResourceProvider;
import io.mantis.master.resources.WorkerStatus;
import io.mantis.master.resources.WorkerStatus.State;
import io.mantis.master.resources.embedded.Agent.LiveWorker;
import io.mantis.protocol.AgentHeartbeat;
import io.mantis.protocol.AgentHeartbeatReply;
import io.mantis.protocol.KillRequest;
import io.mantis.protocol.LaunchRequest;
import io.mantis.protocol.WorkerReport;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.HashMap;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's side of the embedded agents (docs/control-plane.md, "Embedded agent protocol"): turns their
 * heartbeats into {@link Lease}s and {@link WorkerStatus}es, and sends them launches and kills over HTTP.
 *
 * <p>Each agent's free capacity (its total minus live workers minus outstanding leases) is offered as a lease when
 * it registers, when a worker there ends, when a launch leaves part of its leases unused, and about
 * {@link EmbeddedAgentsConfig#reofferDelay()} after a decline. Worker reports are passed on only when they change;
 * an exit is passed on until the listener's stage completes, and only then does the reply tell the agent to forget
 * it. An agent silent past {@link EmbeddedAgentsConfig#agentTimeout()} is lost: its leases are rescinded and its
 * workers reported LOST; if it comes back it registers as a new agent. An agent its pool released
 * ({@link #forget}) is offered no more and dropped quietly once silent: its going is expected, not a loss.
 *
 * <p>Threading: heartbeats arrive on HTTP threads, liveness checks and re-offers on the timer, launches and kills
 * from the scheduler. All state sits behind one lock; listener calls and HTTP requests are made after releasing it,
 * in the order they were decided. The listener is called from any of these threads and must not block.
 */
public final class EmbeddedAgents implements ResourceProvider {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedAgents.class);

    private final EmbeddedAgentsConfig config;
    private final Function<String, Optional<KnownWorker>> knownWorker;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final AgentClient client;
    private final AssignmentPorts assignmentPorts;

    /**
     * Guards {@link #agents}, {@link #nextLease}, {@link #closed}, {@link #livenessTask}, every {@link Agent} with its
     * workers and report tracks, and what is enqueued on {@link #out}. Never held while the listener, the
     * {@code knownWorker} function or the HTTP client runs.
     */
    private final Object lock = new Object();
    private final Outbox out = new Outbox(lock);
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private long nextLease = 1;
    private boolean closed;
    private ScheduledFuture<?> livenessTask;

    /**
     * @param knownWorker   what the job manager knows of a worker this provider did not launch (after a restart
     *                      or failover): known ones are adopted with their resources, unknown running ones are
     *                      killed. Called without
     *                      the lock, from heartbeat threads.
     * @param timer         runs the liveness check and delayed re-offers; not shut down by {@link #close()}
     * @param http          sends launches and kills; its executor completes their futures
     */
    public EmbeddedAgents(EmbeddedAgentsConfig config, Function<String, Optional<KnownWorker>> knownWorker,
                          Clock clock,
                          ScheduledExecutorService timer, HttpClient http) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.knownWorker = Objects.requireNonNull(knownWorker, "knownWorker is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.timer = Objects.requireNonNull(timer, "timer is null");
        ObjectMapper json = new ObjectMapper();
        this.client = new AgentClient(Objects.requireNonNull(http, "http is null"), json, config.apiToken(),
                config.requestTimeout());
        this.assignmentPorts = new AssignmentPorts(json);
    }

    @Override
    public void start(ResourceListener newListener) {
        Objects.requireNonNull(newListener, "listener is null");
        synchronized (lock) {
            if (closed || out.hasListener()) {
                throw new IllegalStateException("embedded agents were already " + (closed ? "closed" : "started"));
            }
            out.listener(newListener);
            long period = config.livenessCheck().toMillis();
            livenessTask = timer.scheduleWithFixedDelay(this::checkLiveness, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Registers or refreshes an agent, passes its worker reports on, and answers what it should kill and forget.
     * Pool and resources are fixed at registration; hostname, URL and isolation follow each heartbeat. Safe to call
     * from many threads; calls {@code knownWorker} for workers this agent did not get from here.
     *
     * @throws IllegalArgumentException naming the field when the heartbeat is incomplete or wrong
     * @throws IllegalStateException    before {@link #start} or after {@link #close}
     */
    public AgentHeartbeatReply onHeartbeat(AgentHeartbeat hb) {
        HeartbeatValidator.validate(hb);
        requireStarted();
        Map<String, KnownWorker> known = new HashMap<>();
        for (String workerId : notLaunchedHere(hb)) {
            knownWorker.apply(workerId).ifPresent(k -> known.put(workerId, k));
        }
        WorkerReports.Outcome outcome;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("embedded agents are closed: heartbeat of agent " + hb.agentId()
                        + " ignored");
            }
            long now = clock.millis();
            boolean joined = !agents.containsKey(hb.agentId()) || agents.get(hb.agentId()).lost;
            Agent agent = registerOrRefresh(hb, now);
            outcome = WorkerReports.apply(agent, hb.workers(), known, config.missingHeartbeats(), out);
            if (joined || outcome.freed()) {
                // A joining agent is offered only now, after the workers it already runs are adopted.
                offer(agent, now);
            }
        }
        out.flush();
        return new AgentHeartbeatReply(outcome.kill(), outcome.forget());
    }

    @Override
    public void launch(String agentId, List<String> leaseIds, List<LaunchRequest> workers) {
        Objects.requireNonNull(agentId, "agentId is null");
        Objects.requireNonNull(leaseIds, "leaseIds is null");
        Objects.requireNonNull(workers, "workers is null");
        requireStarted();
        synchronized (lock) {
            Agent agent = agents.get(agentId);
            if (agent == null || agent.lost || agent.released || closed) {
                String reason = agent == null ? "agent " + agentId + " is not registered"
                        : agent.released ? "agent " + agentId + " was released by its pool: it takes no new work"
                        : "agent " + agentId + " is " + (closed ? "no longer served (provider closed)" : "lost");
                workers.forEach(w -> out.status(w.workerId(), agentId, State.LOST, reason));
            } else {
                List<String> stale = new ArrayList<>();
                for (String leaseId : leaseIds) {
                    if (agent.leases.remove(leaseId) == null) {
                        stale.add(leaseId);
                    }
                }
                if (stale.isEmpty()) {
                    workers.forEach(w -> place(agent, w));
                } else {
                    String reason = "leases " + stale + " are no longer valid on agent " + agentId;
                    workers.forEach(w -> out.status(w.workerId(), agentId, State.LOST, reason));
                }
                offer(agent, clock.millis());
            }
        }
        out.flush();
    }

    @Override
    public void decline(List<String> leaseIds) {
        Objects.requireNonNull(leaseIds, "leaseIds is null");
        synchronized (lock) {
            Set<Agent> owners = new LinkedHashSet<>();
            for (String leaseId : leaseIds) {
                for (Agent agent : agents.values()) {
                    if (agent.leases.remove(leaseId) != null) {
                        owners.add(agent);
                    }
                }
            }
            if (!closed) {
                owners.forEach(this::scheduleReoffer);
            }
        }
    }

    @Override
    public void kill(String agentId, String workerId, String reason) {
        Objects.requireNonNull(agentId, "agentId is null");
        Objects.requireNonNull(workerId, "workerId is null");
        synchronized (lock) {
            Agent agent = agents.get(agentId);
            if (agent == null || agent.lost) {
                out.status(workerId, agentId, State.LOST, "agent " + agentId + " is "
                        + (agent == null ? "not registered" : "lost") + ": worker " + workerId + " is gone with it");
            } else {
                String url = agent.agentUrl;
                out.effect(() -> client.post(url, "/kill", new KillRequest(workerId, reason)).thenAccept(outcome -> {
                    String failure = outcome.failure(agentId, url, "kill of " + workerId);
                    if (failure != null) {
                        log.warn("{}; the agent timeout will settle the worker if the agent is gone", failure);
                    }
                }));
            }
        }
        out.flush();
    }

    /**
     * The pool released this agent: its leases are rescinded, launches to it fail as LOST, and it is offered nothing
     * more. It stays listed while it heartbeats and is dropped without being reported lost once silent past the
     * agent timeout; a lost agent is dropped at once. Unknown ids are ignored.
     */
    @Override
    public void forget(String agentId) {
        Objects.requireNonNull(agentId, "agentId is null");
        synchronized (lock) {
            Agent agent = agents.get(agentId);
            if (agent == null) {
                return;
            }
            if (agent.lost) {
                agents.remove(agentId);
                log.info("agent {} was released after it was lost: forgotten", agentId);
                return;
            }
            agent.released = true;
            agent.leases.keySet().forEach(out::rescind);
            agent.leases.clear();
            log.info("agent {} was released: it gets no new work and is forgotten once it stops", agentId);
        }
        out.flush();
    }

    /** Every agent seen since start, active or lost, in registration order; released ones until they stop. */
    public List<AgentState> agents() {
        synchronized (lock) {
            return agents.values().stream().map(Agent::view).toList();
        }
    }

    /** Stops the liveness check and refuses further heartbeats. Idempotent; running workers keep running. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (livenessTask != null) {
                livenessTask.cancel(false);
            }
        }
    }

    private void requireStarted() {
        if (!out.hasListener()) {
            throw new IllegalStateException("embedded agents are not started: call start(listener) first");
        }
    }

    /** Ids in the heartbeat that this registration of the agent neither launched nor tracks. */
    private Set<String> notLaunchedHere(AgentHeartbeat hb) {
        Set<String> foreign = new HashSet<>();
        synchronized (lock) {
            Agent agent = agents.get(hb.agentId());
            for (WorkerReport report : hb.workers()) {
                String id = report.workerId();
                if (agent == null || agent.lost || !agent.workers.containsKey(id) && !agent.reports.containsKey(id)) {
                    foreign.add(id);
                }
            }
        }
        return foreign;
    }

    // ---- everything below runs under the lock ----

    private Agent registerOrRefresh(AgentHeartbeat hb, long now) {
        Agent agent = agents.get(hb.agentId());
        if (agent != null && !agent.lost) {
            if (!agent.changeWarned && (!agent.pool.equals(hb.pool()) || !agent.total.equals(hb.resources()))) {
                agent.changeWarned = true;
                log.warn("agent {} now sends pool {} and resources {}, but keeps pool {} and {} until it is lost and"
                        + " registers again", agent.agentId, hb.pool(), hb.resources(), agent.pool, agent.total);
            }
            agent.refresh(hb, now);
            return agent;
        }
        agent = new Agent(hb, now);
        agents.put(agent.agentId, agent);
        log.info("agent {} joined: pool {}, {} cpus, {} MB, ports {}-{}, isolation {}", agent.agentId, agent.pool,
                number(agent.total.cpus()), number(agent.total.memoryMB()), agent.total.portsBegin(),
                agent.total.portsEnd(), agent.isolation);
        return agent;
    }

    private void place(Agent agent, LaunchRequest request) {
        String workerId = request.workerId();
        if (agent.workers.containsKey(workerId)) {
            log.warn("worker {} is already on agent {}: second launch ignored", workerId, agent.agentId);
            return;
        }
        List<Integer> ports;
        try {
            ports = assignmentPorts.of(workerId, request.assignmentJson());
        } catch (IllegalArgumentException e) {
            out.status(workerId, agent.agentId, State.FAILED, e.getMessage());
            return;
        }
        agent.workers.put(workerId, new LiveWorker(workerId, request.cpus(), request.memoryMB(),
                request.networkMbps(), ports));
        String url = agent.agentUrl;
        out.effect(() -> client.post(url, "/launch", request)
                .thenAccept(outcome -> launchAnswered(agent, workerId, outcome.failure(agent.agentId, url, "launch"))));
    }

    private void scheduleReoffer(Agent agent) {
        try {
            timer.schedule(() -> {
                synchronized (lock) {
                    if (!closed && !agent.lost && agents.get(agent.agentId) == agent) {
                        offer(agent, clock.millis());
                    }
                }
                out.flush();
            }, config.reofferDelay().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.warn("cannot re-offer declined resources of agent {}: the timer is shut down", agent.agentId);
        }
    }

    private void offer(Agent agent, long now) {
        if (agent.released) {
            return;
        }
        Lease lease = agent.offerFree(() -> agent.agentId + "-lease-" + nextLease++, now);
        if (lease != null) {
            out.lease(lease);
        }
    }

    private void lose(Agent agent, String reason) {
        log.warn("{}: lost, with {} worker(s)", reason, agent.workers.size());
        agent.lost = true;
        agent.leases.keySet().forEach(out::rescind);
        agent.leases.clear();
        out.agentLost(agent.agentId, reason);
        for (String workerId : agent.workers.keySet()) {
            out.status(workerId, agent.agentId, State.LOST, reason);
        }
        agent.workers.clear();
        agent.reports.clear();
    }

    // ---- helpers that take the lock themselves or need none ----

    private void launchAnswered(Agent agent, String workerId, String failure) {
        synchronized (lock) {
            LiveWorker live = agent.workers.get(workerId);
            if (live == null || agent.lost) {
                return; // ended meanwhile, and reported then
            }
            if (failure == null) {
                live.accepted = true;
            } else {
                agent.workers.remove(workerId);
                out.status(workerId, agent.agentId, State.FAILED, failure);
                offer(agent, clock.millis());
            }
        }
        out.flush();
    }

    private void checkLiveness() {
        try {
            synchronized (lock) {
                long now = clock.millis();
                for (Iterator<Agent> it = agents.values().iterator(); it.hasNext(); ) {
                    Agent agent = it.next();
                    long silentMillis = now - agent.lastHeartbeatMillis;
                    if (closed || agent.lost || silentMillis <= config.agentTimeout().toMillis()) {
                        continue;
                    }
                    if (agent.released) {
                        it.remove();
                        log.info("agent {} was released and has stopped: forgotten", agent.agentId);
                        // A launch that reached it just before its release: the worker went with the agent.
                        for (String workerId : agent.workers.keySet()) {
                            out.status(workerId, agent.agentId, State.LOST, "agent " + agent.agentId
                                    + " was released and stopped while worker " + workerId + " was placed there");
                        }
                    } else {
                        lose(agent, "agent " + agent.agentId + " sent no heartbeat for " + silentMillis / 1000 + " s");
                    }
                }
            }
            out.flush();
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again; keep checking.
            log.error("embedded agents: liveness check failed", e);
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
