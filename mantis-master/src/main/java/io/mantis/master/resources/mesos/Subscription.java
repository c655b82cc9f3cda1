package io.mantis.master.resources.mesos;

import io.mantis.master.resources.mesos.SchedulerCalls.Session;
import io.mantis.master.store.MetadataStore;
import io.mantis.master.store.StoreException;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the framework subscribed: finds the leading master, SUBSCRIBEs with the stored framework id, follows
 * {@code 307}s, and after a failure, an ended stream, no SUBSCRIBED within the call timeout or missed heartbeats
 * subscribes again with doubling delays
 * (reset by each SUBSCRIBED). The framework id Mesos assigns is stored under {@value #FRAMEWORK_ID_PATH} before the
 * subscription is reported, so a restarted or standby master resumes the same framework.
 *
 * <p>Threading: confined to the provider's serial executor {@code exec}; connection callbacks hop onto it, and
 * those of a replaced connection are dropped. Only {@link #session()} may be read from elsewhere.
 */
final class Subscription {

    static final String FRAMEWORK_ID_PATH = "mesos/framework-id";
    private static final Logger log = LoggerFactory.getLogger(Subscription.class);

    /** What the provider hears, on {@code exec}. */
    interface Events {
        void subscribed(Session session, FrameworkID frameworkId);

        void event(Event event);

        /** The subscription ended; a new one is on its way. */
        void ended(String reason);
    }

    private final MesosConfig config;
    private final LeaderFinder finder;
    private final MetadataStore store;
    private final EventLoopGroup group;
    private final Executor exec;
    private final ScheduledExecutorService timer;
    private final HeartbeatWatchdog watchdog;
    private final Events events;

    private SchedulerConnection connection;
    private int generation;
    private Duration backoff;
    private FrameworkID frameworkId;
    private String pendingStreamId;
    private volatile Session session;
    private boolean closed;
    /**
     * Redirects followed in a row since the last backoff; a loop between masters that each name the other falls
     * back to the backoff, after which redirects are followed again.
     */
    private int redirects;

    Subscription(MesosConfig config, LeaderFinder finder, MetadataStore store, EventLoopGroup group, Executor exec,
                 ScheduledExecutorService timer, Clock clock, Events events) {
        this.config = config;
        this.finder = finder;
        this.store = store;
        this.group = group;
        this.exec = exec;
        this.timer = timer;
        this.watchdog = new HeartbeatWatchdog(clock, timer, config.missedHeartbeats());
        this.events = events;
        this.backoff = config.minBackoff();
    }

    /** The current subscription; null while (re)subscribing. Any thread. */
    Session session() {
        return session;
    }

    /** The framework id; null before the first SUBSCRIBED ever. */
    FrameworkID frameworkId() {
        return frameworkId;
    }

    void start() {
        frameworkId = store.get(FRAMEWORK_ID_PATH)
                .map(b -> FrameworkID.newBuilder().setValue(new String(b, StandardCharsets.UTF_8)).build())
                .orElse(null);
        connect();
    }

    /** A call learnt that another master leads: subscribe there. */
    void redirect(Session from, URI leader) {
        if (from == session && connection != null) {
            finder.redirected(leader);
            drop("master " + from.endpoint() + " no longer leads; " + leader + " does");
        }
    }

    /** Ends the current subscription (a new one follows). */
    void drop(String reason) {
        if (connection != null) {
            log.warn("dropping the Mesos subscription: {}", reason);
            connection.close();
        }
    }

    /** Ends the subscription without TEARDOWN, so the framework and its tasks live on. */
    void close() {
        closed = true;
        watchdog.stop();
        session = null;
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        URI endpoint;
        try {
            endpoint = finder.leader();
        } catch (IllegalStateException e) {
            log.warn("no Mesos master to subscribe to: {}; retrying in {} ms", e.getMessage(), backoff.toMillis());
            retryLater();
            return;
        }
        int gen = ++generation;
        log.info("subscribing to Mesos master {} as framework {}", endpoint,
                frameworkId == null ? "(new)" : frameworkId.getValue());
        connection = SchedulerConnection.open(group, endpoint, Calls.subscribe(config, frameworkId),
                new SchedulerConnection.Handler() {
                    @Override
                    public void onSubscribed(String streamId) {
                        run(gen, () -> pendingStreamId = streamId);
                    }

                    @Override
                    public void onEvent(Event event) {
                        watchdog.touch();
                        run(gen, () -> handle(endpoint, gen, event));
                    }

                    @Override
                    public void onEnded(String reason, URI redirect) {
                        run(gen, () -> ended(endpoint, reason, redirect));
                    }
                });
        awaitSubscribed(gen, endpoint);
    }

    /**
     * The heartbeat watch starts only at SUBSCRIBED, so a master that takes the connection and never answers (hung,
     * or behind a proxy that black-holes it) would hold this subscription forever: give it the call timeout.
     */
    private void awaitSubscribed(int gen, URI endpoint) {
        long millis = config.callTimeout().toMillis();
        try {
            timer.schedule(() -> run(gen, () -> {
                if (session == null && connection != null) {
                    drop("Mesos master " + endpoint + " sent no SUBSCRIBED within " + millis + " ms");
                }
            }), millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the timer is shut down: the provider is closing
        }
    }

    private void handle(URI endpoint, int gen, Event event) {
        if (event.getType() != Event.Type.SUBSCRIBED) {
            events.event(event);
            return;
        }
        FrameworkID id = event.getSubscribed().getFrameworkId();
        if (!id.equals(frameworkId)) {
            try {
                store.put(FRAMEWORK_ID_PATH, id.getValue().getBytes(StandardCharsets.UTF_8));
            } catch (StoreException e) {
                // Without the stored id a restart would start a second framework: better not to run at all.
                drop("cannot store framework id " + id.getValue() + ": " + e.getMessage());
                return;
            }
            frameworkId = id;
        }
        backoff = config.minBackoff();
        redirects = 0;
        double seconds = event.getSubscribed().hasHeartbeatIntervalSeconds()
                ? event.getSubscribed().getHeartbeatIntervalSeconds() : 15;
        watchdog.start((long) (seconds * 1000), () -> run(gen, () -> drop("no event for "
                + config.missedHeartbeats() + " heartbeat intervals of " + seconds + " s")));
        session = new Session(endpoint, pendingStreamId);
        log.info("subscribed to Mesos master {} as framework {} (heartbeat every {} s)", endpoint, id.getValue(),
                seconds);
        events.subscribed(session, frameworkId);
    }

    private void ended(URI endpoint, String reason, URI redirect) {
        boolean wasSubscribed = session != null;
        connection = null;
        session = null;
        pendingStreamId = null;
        watchdog.stop();
        if (closed) {
            return;
        }
        if (wasSubscribed) {
            events.ended(reason);
        }
        if (redirect != null && !redirect.equals(endpoint) && redirects++ < 3) {
            log.info("Mesos master {} does not lead; following it to {}", endpoint, redirect);
            finder.redirected(redirect);
            connect();
            return;
        }
        finder.failed(endpoint);
        // The backoff breaks a redirect loop; the next attempt may follow redirects again, or a single configured
        // master that keeps naming the (new) leader would never be followed after the first loop.
        redirects = 0;
        log.warn("Mesos subscription ended: {}; subscribing again in {} ms", reason, backoff.toMillis());
        retryLater();
    }

    private void retryLater() {
        long delay = backoff.toMillis();
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : doubled;
        try {
            timer.schedule(() -> run(generation, this::connect), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.info("not subscribing again: the timer is shut down");
        }
    }

    /** Runs {@code task} on {@code exec} if the connection {@code gen} is still the current one. */
    private void run(int gen, Runnable task) {
        try {
            exec.execute(() -> {
                if (gen == generation && !closed) {
                    task.run();
                }
            });
        } catch (RejectedExecutionException e) {
            // The provider is closed: nothing more to do for this connection.
        }
    }
}
