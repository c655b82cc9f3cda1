package io.mantis.cli.up;

import io.mantis.executor.agent.AgentConfig;
import io.mantis.executor.agent.EmbeddedAgent;
import io.mantis.master.pools.PoolScaler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded pools' scaler: growing a pool starts local agents in this process, releasing one stops it (its
 * process part: HTTP server, heartbeats; it runs no worker by then). New agents of a pool get the next id
 * ({@code transient-2}, {@code transient-3}, ...; ids are never reused, so the master never mistakes a new agent
 * for a released one), the lowest free port slot of the {@link AgentPlan}, and the plan's resources.
 *
 * <p>Threading: {@link #scaleUp} and {@link #release} return at once; the work runs in order on one thread of the
 * scaler's own, so the master's pool manager never waits for an agent to start or stop. Agent bookkeeping is
 * guarded by {@code this}. A scale-up asked for before {@link #attach} (the master URL is not known until the
 * master listens) is held and carried out on attach. Failures are logged, never thrown to the caller: the pool
 * manager asks again after its cool-down when the pool is still short.
 */
public final class EmbeddedPoolScaler implements PoolScaler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPoolScaler.class);

    private final AgentPlan plan;
    private final Path dataDir;
    private final String token;
    private final ExecutorService actions = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "embedded-pool-scaler");
        t.setDaemon(true);
        return t;
    });

    // @GuardedBy("this")
    private final Map<String, Running> agents = new LinkedHashMap<>();
    // @GuardedBy("this")
    private final BitSet slots = new BitSet();
    // @GuardedBy("this")
    private final Map<String, Integer> lastNumber = new HashMap<>();
    // @GuardedBy("this")
    private final Map<String, Integer> heldUp = new LinkedHashMap<>();
    // @GuardedBy("this")
    private String masterUrl;
    // @GuardedBy("this")
    private boolean closed;

    private record Running(String pool, int slot, EmbeddedAgent agent, AgentConfig config) {
    }

    /**
     * @param plan    resources and port slots of every agent
     * @param dataDir agents work under {@code <dataDir>/agents/<id>}
     * @param token   the master's API token, or null
     */
    public EmbeddedPoolScaler(AgentPlan plan, Path dataDir, String token) {
        this.plan = Objects.requireNonNull(plan, "plan is null");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir is null");
        this.token = token;
    }

    /**
     * Points agents at the master (its URL is known once it listens), starts the plan's agents (on the calling
     * thread, so they are up when this returns), then carries out scale-ups asked for before.
     *
     * @throws RuntimeException when one of the plan's agents cannot start; those started stay until {@link #close}.
     *                          An {@link IllegalStateException} when {@link #close} ran meanwhile (nothing stays running)
     */
    public void attach(String url) {
        Map<String, Integer> held;
        synchronized (this) {
            if (masterUrl != null) {
                throw new IllegalStateException("already attached to " + masterUrl);
            }
            masterUrl = Objects.requireNonNull(url, "url is null");
            held = new LinkedHashMap<>(heldUp);
            heldUp.clear();
        }
        for (int i = 0; i < plan.perpetual(); i++) {
            startOrThrow("perpetual");
        }
        for (int i = 0; i < plan.transients(); i++) {
            startOrThrow("transient");
        }
        held.forEach(this::scaleUp);
    }

    @Override
    public void scaleUp(String pool, int count) {
        if (count <= 0) {
            return;
        }
        synchronized (this) {
            if (closed) {
                LOG.info("pool {}: not adding {} agent(s): the local cluster is stopping", pool, count);
                return;
            }
            if (masterUrl == null) {
                heldUp.merge(pool, count, Integer::sum);
                LOG.info("pool {}: {} more agent(s) asked for before the master listens; starting them once it does",
                        pool, count);
                return;
            }
        }
        LOG.info("pool {}: scaling up by {} agent(s)", pool, count);
        actions.execute(() -> {
            for (int i = 0; i < count; i++) {
                if (start(pool, false) == null) {
                    return;
                }
            }
        });
    }

    @Override
    public void release(String pool, List<String> agentIds) {
        List<String> ids = List.copyOf(agentIds);
        LOG.info("pool {}: releasing agent(s) {}", pool, ids);
        actions.execute(() -> ids.forEach(id -> stop(pool, id)));
    }

    /** Ids of the agents running now, in start order. */
    public synchronized List<String> agentIds() {
        return List.copyOf(agents.keySet());
    }

    private void startOrThrow(String pool) {
        if (start(pool, true) == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the local cluster was stopped while its " + pool
                            + " agents started");
                }
            }
            throw new IllegalStateException("no free port range for another " + pool + " agent");
        }
    }

    /**
     * Starts the pool's next agent in the lowest free slot; returns it, or null when no slot is free or (unless
     * {@code rethrow}) it failed to start (logged).
     */
    private EmbeddedAgent start(String pool, boolean rethrow) {
        AgentConfig config;
        synchronized (this) {
            if (closed) {
                return null;
            }
            int slot = slots.nextClearBit(0);
            if (slot >= plan.maxAgents()) {
                LOG.warn("pool {}: cannot add an agent: all {} port ranges from {} are taken", pool,
                        plan.maxAgents(), plan.firstPort());
                return null;
            }
            int number = lastNumber.merge(pool, 1, Integer::sum);
            String agentId = pool + "-" + number;
            config = plan.config(agentId, pool, slot, masterUrl, dataDir, token);
            slots.set(slot);
            // Held before the agent starts, so the slot is not given twice; a close() meanwhile leaves the agent
            // to this thread, which stops it once started.
            agents.put(agentId, new Running(pool, slot, null, config));
        }
        EmbeddedAgent agent;
        try {
            agent = EmbeddedAgent.start(config);
        } catch (RuntimeException e) {
            synchronized (this) {
                agents.remove(config.agentId());
                slots.clear(slotOf(config));
            }
            if (rethrow) {
                throw e;
            }
            LOG.warn("pool {}: agent {} failed to start: {}", pool, config.agentId(), e.getMessage(), e);
            return null;
        }
        boolean stopping;
        synchronized (this) {
            // close() took the agents while this one was starting, and skipped it: it is this thread's to stop.
            stopping = closed;
            if (stopping) {
                slots.clear(slotOf(config));
            } else {
                agents.put(config.agentId(), new Running(pool, slotOf(config), agent, config));
            }
        }
        if (stopping) {
            LOG.info("pool {}: stopping agent {} again: the local cluster stopped while it started", pool,
                    config.agentId());
            try {
                agent.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping agent {} failed; its workers may still run", config.agentId(), e);
            }
            return null;
        }
        LOG.info("pool {}: started agent {} (ports {}-{}, {} cpus, {} MB)", pool, config.agentId(),
                config.portsBegin(), config.portsEnd(), config.cpus(), config.memoryMB());
        return agent;
    }

    private void stop(String pool, String id) {
        Running running;
        synchronized (this) {
            running = agents.get(id);
            if (running == null || running.agent() == null) {
                LOG.warn("pool {}: cannot release agent {}: no such agent runs here", pool, id);
                return;
            }
            if (!running.pool().equals(pool)) {
                LOG.warn("pool {}: not releasing agent {}: it belongs to pool {}", pool, id, running.pool());
                return;
            }
            agents.remove(id);
        }
        try {
            running.agent().close();
            LOG.info("pool {}: released agent {}: its process part stopped", pool, id);
        } catch (RuntimeException e) {
            LOG.warn("pool {}: stopping agent {} failed; its workers may still run", pool, id, e);
        } finally {
            synchronized (this) {
                slots.clear(running.slot());
            }
        }
    }

    private int slotOf(AgentConfig config) {
        return (config.portsBegin() - plan.firstPort()) / AgentPlan.PORTS_PER_AGENT;
    }

    /**
     * Stops taking actions, waits up to 30 s for the one under way, then stops every agent, newest first (each
     * kills its workers). Idempotent; errors are logged.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        actions.shutdown();
        try {
            if (!actions.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("a scale action is still under way after 30 s; stopping the agents anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Running> all;
        synchronized (this) {
            all = new ArrayList<>(agents.values());
            agents.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Running r = all.get(i);
            if (r.agent() == null) {
                continue;
            }
            try {
                r.agent().close();
            } catch (RuntimeException e) {
                LOG.warn("stopping agent {} failed; its workers may still run", r.config().agentId(), e);
            }
        }
    }
}
