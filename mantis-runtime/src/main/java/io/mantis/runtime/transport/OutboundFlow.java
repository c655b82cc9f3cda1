package io.mantis.runtime.transport;

import io.mantis.runtime.metrics.StageMetrics;
import io.mantis.sdk.Codec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import io.reactivex.rxjava3.exceptions.Exceptions;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of {@link OutboundServer}: subscribes to the stage's output, routes and batches its events, and
 * turns the credit the downstream connections grant into {@code request(n)} upstream.
 *
 * <p><b>Backpressure (lossless).</b> At most {@code min(total credit, MAX_OUTSTANDING)} events are requested
 * and not yet received, requested in chunks of about half that. An event whose target has no credit (or is
 * not connected: keyed routing) is parked, and while anything is parked nothing more is requested; parked
 * events leave in arrival order as credit or connections come back. So this holds at most
 * {@code MAX_OUTSTANDING} parked events plus one frame per connection, and a slow downstream slows the source.
 * <b>Lossy:</b> requests without bound and drops (counting) what cannot be sent now.
 *
 * <p><b>Threading.</b> One lock guards all state: the producer takes it once per event (uncontended in the
 * common case: credits, timers and connection changes come once per thousands of events), Netty event loops
 * take it for frames and timers. Calls upstream ({@link UpstreamDemand}) and completing {@link #done} happen
 * after unlocking, so that a synchronous upstream or a future's dependents never run inside a half-done
 * update.
 */
final class OutboundFlow<T> implements FlowableSubscriber<T> {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundFlow.class);

    /** Drops are added to the meter in chunks of this many, and on timers and completion. */
    private static final int DROP_METER_CHUNK = 4096;

    private enum State { ACTIVE, COMPLETING, COMPLETED, FAILED, CLOSED }

    /** A marker injected while events were parked: it leaves after them. */
    private record PendingMarker(long originEpochMicros) {
    }

    private final OutboundConfig config;
    private final Codec<T> codec;
    private final StageMetrics metrics;
    private final EventLoop timerLoop;
    private final Router<T> router;
    private final UpstreamDemand demand = new UpstreamDemand();
    private final CreditLedger ledger;
    private final LingerTimer linger;
    private final int batchCapacity;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Object lock = new Object();

    // @GuardedBy("lock") for everything below
    private boolean subscribed;
    private State state = State.ACTIVE;
    private final ArrayDeque<Object> parked = new ArrayDeque<>();
    private long droppedUnmetered;
    private int downstreamWorkers;
    private final BitSet endWritten = new BitSet();
    private String failureMessage;
    private ScheduledFuture<?> markerTimer;
    // What a locked section decided but runEffects() carries out after unlocking.
    private boolean effectsDue;
    private boolean cancelDue;
    private boolean finishedDue;
    private Throwable failureDue;

    OutboundFlow(OutboundConfig config, Codec<T> codec, EventLoop timerLoop, StageMetrics metrics) {
        this.config = config;
        this.codec = codec;
        this.metrics = metrics;
        this.timerLoop = timerLoop;
        this.router = new Router<>(config.keyCodec(), config.downstreamWorkers());
        this.downstreamWorkers = config.downstreamWorkers();
        this.ledger = new CreditLedger(System::nanoTime,
                nanos -> metrics.creditWait.record(nanos, TimeUnit.NANOSECONDS));
        this.linger = new LingerTimer(timerLoop, config.linger().toNanos(), this::onLinger);
        // Room for a full frame plus one typical overshoot, so most frames never grow their buffer.
        this.batchCapacity = Math.min(config.maxBatchBytes() + 1024, Frames.MAX_FRAME_LENGTH);
    }

    CompletableFuture<Void> done() {
        return done;
    }

    /** Starts the periodic marker if configured; call once the server listens. */
    void startMarkers() {
        long interval = config.markerInterval().toNanos();
        if (interval <= 0) {
            return;
        }
        synchronized (lock) {
            if (state == State.ACTIVE) {
                markerTimer = timerLoop.scheduleAtFixedRate(() -> injectMarker(MarkerListener.nowEpochMicros()),
                        interval, interval, TimeUnit.NANOSECONDS);
            }
        }
    }

    // ---- the stage's output (producer thread) ----

    @Override
    public void onSubscribe(Subscription s) {
        Objects.requireNonNull(s, "subscription is null");
        if (!demand.set(s)) {
            s.cancel();
            RxJavaPlugins.onError(new IllegalStateException(config.label() + ": the output was subscribed twice"));
            return;
        }
        long n;
        synchronized (lock) {
            subscribed = true;
            if (state != State.ACTIVE) {
                n = -1;
            } else {
                n = config.lossy() ? Long.MAX_VALUE : requestLocked();
            }
        }
        if (n < 0) {
            demand.cancel(); // closed before the output subscribed
        } else {
            demand.request(n);
        }
    }

    @Override
    public void onNext(T event) {
        long n = 0;
        boolean effects;
        synchronized (lock) {
            if (state != State.ACTIVE) {
                return;
            }
            try {
                if (config.lossy()) {
                    dispatchLossy(event);
                } else {
                    ledger.received();
                    if (parked.isEmpty()) {
                        dispatchLossless(event);
                    } else {
                        parked.addLast(event);
                    }
                    n = requestLocked();
                }
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                encodeFailedLocked(e);
            }
            effects = effectsDue;
        }
        if (effects) {
            runEffects();
        }
        demand.request(n);
    }

    private void dispatchLossless(T event) throws Exception {
        OutboundConnection target = router.target(event);
        if (target != null && target.credit > 0) {
            append(target, event);
        } else {
            parked.addLast(event);
        }
    }

    private void dispatchLossy(T event) throws Exception {
        OutboundConnection target = router.target(event);
        if (target != null && target.credit > 0) {
            append(target, event);
        } else if (droppedUnmetered++ == 0) {
            linger.arm(); // so that the drops reach the meter soon even if no frame is pending
        } else if (droppedUnmetered >= DROP_METER_CHUNK) {
            meterDropsLocked();
        }
    }

    private void append(OutboundConnection target, T event) throws Exception {
        FrameBatch batch = target.batch;
        if (!batch.append(codec, event)) {
            // The event does not fit next to the events this frame holds: send them, and start a fresh frame
            // with it. An event too large even for an empty frame throws (and fails the stream) instead.
            flushLocked(target);
            if (!batch.append(codec, event)) {
                throw new IllegalStateException("an empty frame refused an event without failing");
            }
        }
        addCreditLocked(target, -1);
        if (batch.events() == 1) {
            linger.arm();
        }
        if (batch.events() >= config.maxBatchEvents() || batch.bytes() >= config.maxBatchBytes()
                || target.credit == 0) {
            // Out of credit: the downstream returns credit only for events it has, so send them now.
            flushLocked(target);
        }
    }

    @Override
    public void onError(Throwable t) {
        demand.terminated();
        synchronized (lock) {
            if (state != State.ACTIVE && state != State.COMPLETING) {
                if (state != State.CLOSED) {
                    RxJavaPlugins.onError(t);
                }
                return;
            }
            failLocked(t);
        }
        runEffects();
    }

    @Override
    public void onComplete() {
        demand.terminated();
        synchronized (lock) {
            if (state != State.ACTIVE) {
                return;
            }
            if (parked.isEmpty()) {
                finishLocked();
            } else {
                state = State.COMPLETING; // END follows once the parked events are sent
            }
        }
        runEffects();
    }

    // ---- downstream connections (event loops) ----

    /** A downstream said HELLO; returns its connection, or null if this flow no longer takes connections. */
    OutboundConnection onHello(Channel channel, int index, int initialCredits) {
        OutboundConnection connection;
        long n = 0;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return null;
            }
            OutboundConnection previous = router.connection(index);
            if (previous != null) {
                LOG.info("{}: downstream {} reconnected from {}; dropping its old connection from {}",
                        config.label(), index, channel.remoteAddress(), previous.channel.remoteAddress());
                unregisterLocked(previous);
                previous.channel.close();
            }
            connection = new OutboundConnection(channel, index, batchCapacity, metrics.bytesSent);
            router.add(connection);
            addCreditLocked(connection, Math.max(0, initialCredits));
            switch (state) {
                case COMPLETED -> sendEndLocked(connection);
                case FAILED -> connection.send(Frames.error(channel.alloc(), failureMessage));
                default -> n = afterCreditLocked();
            }
        }
        runEffects();
        demand.request(n);
        return connection;
    }

    void onCredit(OutboundConnection connection, int more) {
        long n;
        synchronized (lock) {
            if (!connection.registered) {
                return;
            }
            addCreditLocked(connection, more);
            n = afterCreditLocked();
        }
        runEffects();
        demand.request(n);
    }

    /** The connection closed: events in its pending frame are lost (at-most-once), its credit is gone. */
    void onClosed(OutboundConnection connection) {
        long n = 0;
        synchronized (lock) {
            unregisterLocked(connection);
            if (state == State.ACTIVE && !config.lossy()) {
                n = requestLocked(); // mostly to note that the output may now be waiting for credit
            }
        }
        demand.request(n);
    }

    private void unregisterLocked(OutboundConnection connection) {
        if (!connection.registered) {
            return;
        }
        connection.registered = false;
        router.remove(connection);
        addCreditLocked(connection, -connection.credit);
        connection.batch.release();
    }

    /**
     * Adds {@code delta} (negative: takes it away) to {@code connection}'s credit and, in step, to the total
     * the {@link CreditLedger} holds.
     */
    private void addCreditLocked(OutboundConnection connection, long delta) {
        connection.credit += delta;
        if (delta >= 0) {
            ledger.granted(delta);
        } else {
            ledger.revoked(-delta);
        }
    }

    /** New credit, a new connection or a new ring: sends parked events, then maybe requests more. */
    private long afterCreditLocked() {
        if (state != State.ACTIVE && state != State.COMPLETING) {
            return 0;
        }
        try {
            drainParkedLocked();
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            encodeFailedLocked(e);
            return 0;
        }
        if (state == State.COMPLETING && parked.isEmpty()) {
            finishLocked();
            return 0;
        }
        return state == State.ACTIVE && !config.lossy() ? requestLocked() : 0;
    }

    @SuppressWarnings("unchecked")
    private void drainParkedLocked() throws Exception {
        while (!parked.isEmpty()) {
            Object head = parked.peekFirst();
            if (head instanceof PendingMarker marker) {
                parked.pollFirst();
                writeMarkerLocked(marker.originEpochMicros());
                continue;
            }
            T event = (T) head;
            OutboundConnection target = router.target(event);
            if (target == null || target.credit <= 0) {
                return; // in order: later events wait behind this one
            }
            parked.pollFirst();
            append(target, event);
        }
    }

    /** How much more to request now (lossless); the caller passes it to {@link UpstreamDemand} after unlocking. */
    private long requestLocked() {
        return subscribed ? ledger.next(!parked.isEmpty()) : 0;
    }

    // ---- frames ----

    private void flushLocked(OutboundConnection connection) {
        FrameBatch batch = connection.batch;
        int events = batch.events();
        connection.send(batch.take()); // counts the bytes, as for every frame
        router.flushed(connection);
        metrics.framesSent.increment();
        metrics.batchSize.record(events);
    }

    /** Flushes frames that reached the linger, and re-arms for the oldest one left. */
    private void onLinger() {
        synchronized (lock) {
            linger.fired();
            meterDropsLocked();
            if (state != State.ACTIVE && state != State.COMPLETING) {
                return;
            }
            long now = System.nanoTime();
            long nextDelay = Long.MAX_VALUE;
            for (OutboundConnection c : router.connections()) {
                if (c.batch.isEmpty()) {
                    continue;
                }
                long left = c.batch.startNanos() + linger.lingerNanos() - now;
                if (left <= 0) {
                    flushLocked(c);
                } else {
                    nextDelay = Math.min(nextDelay, left);
                }
            }
            if (nextDelay != Long.MAX_VALUE) {
                linger.armIn(nextDelay);
            }
        }
    }

    private void meterDropsLocked() {
        if (droppedUnmetered > 0) {
            metrics.eventsDropped.increment(droppedUnmetered);
            droppedUnmetered = 0;
        }
    }

    // ---- markers ----

    void injectMarker(long originEpochMicros) {
        synchronized (lock) {
            if (state != State.ACTIVE && state != State.COMPLETING) {
                return;
            }
            if (parked.isEmpty()) {
                writeMarkerLocked(originEpochMicros);
            } else {
                parked.addLast(new PendingMarker(originEpochMicros));
            }
        }
    }

    private void writeMarkerLocked(long originEpochMicros) {
        for (OutboundConnection c : router.connections()) {
            if (!c.batch.isEmpty()) {
                flushLocked(c); // the marker follows the events handed over before it
            }
            c.send(Frames.marker(c.channel.alloc(), originEpochMicros));
        }
    }

    // ---- completion, failure, resizing ----

    /** Flushes and sends END to every connection; indices that connect later get END on HELLO. */
    private void finishLocked() {
        state = State.COMPLETED;
        stopMarkersLocked();
        meterDropsLocked();
        for (OutboundConnection c : router.connections()) {
            if (!c.batch.isEmpty()) {
                flushLocked(c);
            }
            sendEndLocked(c);
        }
        checkFinishedLocked();
    }

    private void sendEndLocked(OutboundConnection connection) {
        ChannelPromise promise = connection.channel.newPromise();
        int index = connection.index;
        promise.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                onEndWritten(index);
            }
        });
        connection.send(Frames.end(connection.channel.alloc()), promise);
    }

    private void onEndWritten(int index) {
        synchronized (lock) {
            endWritten.set(index);
            checkFinishedLocked();
        }
        runEffects();
    }

    private void checkFinishedLocked() {
        if (state == State.COMPLETED && endWritten.nextClearBit(0) >= downstreamWorkers) {
            finishedDue = true;
            effectsDue = true;
        }
    }

    private void encodeFailedLocked(Throwable e) {
        cancelDue = true;
        failLocked(new TransportException(config.label() + ": cannot encode " + codec.typeName()
                + " for the next stage: " + e, e));
    }

    /** Sends ERROR to every connection (and later to any that connects); drops pending events. */
    private void failLocked(Throwable cause) {
        state = State.FAILED;
        stopMarkersLocked();
        meterDropsLocked();
        parked.clear();
        failureMessage = cause instanceof TransportException ? cause.getMessage() : config.label() + ": " + cause;
        failureDue = cause;
        effectsDue = true;
        for (OutboundConnection c : router.connections()) {
            c.batch.release();
            c.send(Frames.error(c.channel.alloc(), failureMessage));
        }
    }

    /** Carries out what locked sections decided: cancelling upstream and completing {@link #done}. */
    private void runEffects() {
        boolean cancel;
        boolean finished;
        Throwable failure;
        synchronized (lock) {
            if (!effectsDue) {
                return;
            }
            cancel = cancelDue;
            finished = finishedDue;
            failure = failureDue;
            cancelDue = false;
            finishedDue = false;
            failureDue = null;
            effectsDue = false;
        }
        if (cancel) {
            demand.cancel();
        }
        if (failure != null) {
            done.completeExceptionally(failure);
        } else if (finished) {
            done.complete(null);
        }
    }

    void setDownstreamWorkers(int count) {
        if (count < 1) {
            throw new IllegalArgumentException(config.label() + ": downstreamWorkers must be at least 1, was " + count);
        }
        long n = 0;
        synchronized (lock) {
            downstreamWorkers = count;
            router.setDownstreamWorkers(count);
            if (state == State.COMPLETED) {
                checkFinishedLocked(); // fewer workers may mean every one of them has END already
            } else {
                n = afterCreditLocked(); // parked events may have somewhere to go now
            }
        }
        runEffects();
        demand.request(n);
    }

    private void stopMarkersLocked() {
        if (markerTimer != null) {
            markerTimer.cancel(false);
            markerTimer = null;
        }
    }

    /** Stops everything: cancels the output if still running, drops pending frames. Idempotent. */
    void close() {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            stopMarkersLocked();
            meterDropsLocked();
            parked.clear();
            for (OutboundConnection c : router.connections()) {
                unregisterLocked(c);
            }
        }
        demand.cancel();
        done.completeExceptionally(new CancellationException(config.label() + ": closed before the output completed"));
    }
}
