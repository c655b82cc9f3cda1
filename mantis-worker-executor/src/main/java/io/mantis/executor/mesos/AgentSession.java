package io.mantis.executor.mesos;

import io.mantis.protocol.mesos.RecordIoDecoder;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the executor subscribed: sends SUBSCRIBE, feeds the event stream to the {@link MesosExecutor}, and when the
 * stream ends subscribes again after a random pause of up to {@code MESOS_SUBSCRIPTION_BACKOFF_MAX}. Like Mesos's
 * own executor library it gives up (exit code 1) when the agent has not come back within
 * {@code MESOS_RECOVERY_TIMEOUT}, and at once when a subscribed stream ends without checkpointing: such an agent
 * cannot recover this executor anyway. Runs on the thread that calls {@link #run()}.
 */
final class AgentSession {

    private static final Logger LOG = LoggerFactory.getLogger(AgentSession.class);
    /** Far above any real event (a LAUNCH carries one TaskInfo); a larger length means a corrupt stream. */
    private static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;

    private final ExecutorEnvironment env;
    private final AgentClient agent;
    private final MesosExecutor executor;
    private final Clock clock;
    private final RandomGenerator random;

    AgentSession(ExecutorEnvironment env, AgentClient agent, MesosExecutor executor, Clock clock,
                 RandomGenerator random) {
        this.env = env;
        this.agent = agent;
        this.executor = executor;
        this.clock = clock;
        this.random = random;
    }

    /** Subscribes until the executor has finished (or the agent is given up on, which finishes it with 1). */
    void run() {
        Instant unsubscribedSince = clock.instant();
        boolean everSubscribed = false;
        while (!executor.finished().isDone()) {
            boolean[] subscribed = {false};
            try (InputStream events = agent.subscribe(executor.subscribeCall())) {
                RecordIoDecoder decoder = new RecordIoDecoder(MAX_EVENT_BYTES, record -> {
                    Event event = parse(record);
                    if (event.getType() == Event.Type.SUBSCRIBED) {
                        subscribed[0] = true;
                    }
                    executor.onEvent(event);
                });
                decoder.readAll(events);
                LOG.warn("the agent ended the event stream");
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("subscription to {} failed: {}", env.executorApi(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            executor.disconnected();
            if (subscribed[0]) {
                everSubscribed = true;
                unsubscribedSince = clock.instant();
            }
            if (executor.finished().isDone()) {
                return;
            }
            if (everSubscribed && !env.checkpoint()) {
                giveUp("the agent disconnected and does not checkpoint this framework, so it cannot recover us");
                return;
            }
            Duration away = Duration.between(unsubscribedSince, clock.instant());
            if (away.compareTo(env.recoveryTimeout()) > 0) {
                giveUp("the agent has not taken a subscription for " + away + " (MESOS_RECOVERY_TIMEOUT "
                        + env.recoveryTimeout() + ")");
                return;
            }
            pause();
        }
    }

    private void giveUp(String why) {
        LOG.error("giving up: {}", why);
        executor.finished().complete(1);
    }

    /** Waits a random time up to the backoff maximum, or less when the executor finishes meanwhile. */
    private void pause() {
        long maxMillis = Math.max(1, env.subscriptionBackoffMax().toMillis());
        long millis = random.nextLong(maxMillis + 1);
        try {
            executor.finished().get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the usual case: try again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("finished() never fails", e);
        }
    }

    private static Event parse(byte[] record) {
        try {
            return Event.parseFrom(record);
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException("an event that is not a v1 executor Event: " + e.getMessage(), e);
        }
    }
}
