package io.mantis.runtime.sink;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connected SSE client: a chunked {@code text/event-stream} response that events are batched into.
 *
 * <p>Threading: {@link #offer} is called by the publishing thread (one at a time); everything else runs on
 * the channel's event loop. The two meet only in the lock-free {@link #pending} queue, its byte count and
 * two "flush already queued" flags, so the publisher never waits for the event loop and submits one task
 * per batch rather than one per event.
 */
final class SseClient {

    private final Channel channel;
    private final EventLoop eventLoop;
    private final String clientId;
    private final SseSinkSettings settings;
    private final Counter eventsSent;

    /** Encoded events not yet handed to Netty, oldest first. Written by the publisher, drained by the loop. */
    private final Queue<byte[]> pending = new ConcurrentLinkedQueue<>();
    /** Bytes in {@link #pending}; only the publisher adds and only the event loop subtracts. */
    private final AtomicInteger pendingBytes = new AtomicInteger();
    /** A delayed flush is scheduled and has not started yet; the batch's later events may rely on it. */
    private final AtomicBoolean lingerFlushQueued = new AtomicBoolean();
    /** An immediate flush is queued and has not started yet. */
    private final AtomicBoolean eagerFlushQueued = new AtomicBoolean();
    private final Runnable lingerFlush = () -> {
        lingerFlushQueued.set(false);
        flush();
    };
    private final Runnable eagerFlush = () -> {
        eagerFlushQueued.set(false);
        flush();
    };
    /** False once the stream ended or the connection closed: offers are refused from then on. */
    private volatile boolean accepting = true;

    // Confined to the event loop.
    private boolean finished;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> forcedClose;

    /** @param clientId the group this client belongs to, or {@code null} for a client of its own */
    SseClient(Channel channel, String clientId, SseSinkSettings settings, Counter eventsSent) {
        this.channel = channel;
        this.eventLoop = channel.eventLoop();
        this.clientId = clientId;
        this.settings = settings;
        this.eventsSent = eventsSent;
    }

    /** The clientId this client shares its stream under, or {@code null}. */
    String clientId() {
        return clientId;
    }

    /**
     * Queues an encoded event for this client. Publisher thread only; never blocks.
     *
     * @return {@code false} if the client cannot take it now (too far behind, or gone); the caller decides
     *     whether another client gets it or it is dropped
     */
    boolean offer(byte[] frame) {
        if (!accepting || !channel.isWritable()) {
            return false;
        }
        int before = pendingBytes.get();
        // A single event larger than the cap still goes through when nothing else is waiting.
        if (before > 0 && before + frame.length > settings.maxPendingBytes()) {
            return false;
        }
        pending.offer(frame);
        int total = pendingBytes.addAndGet(frame.length);
        // Order matters: the event is queued before a flag is read, so a flush task that has not yet cleared
        // its flag is guaranteed to drain it. A plain get() first keeps the common "already queued" case from
        // paying for a failing compareAndSet.
        try {
            if (total >= settings.flushBytes()) {
                if (!eagerFlushQueued.get() && eagerFlushQueued.compareAndSet(false, true)) {
                    eventLoop.execute(eagerFlush);
                }
            } else if (!lingerFlushQueued.get() && lingerFlushQueued.compareAndSet(false, true)) {
                eventLoop.schedule(lingerFlush, settings.linger().toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down: this connection is about to go, and publish must not throw.
            accepting = false;
        }
        return true;
    }

    /** Sends the response head and starts the heartbeat. Event loop only; before any flush. */
    void start() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                // Tells nginx-style proxies not to buffer the stream, which would defeat the heartbeat.
                .set("X-Accel-Buffering", "no");
        HttpUtil.setTransferEncodingChunked(response, true);
        channel.writeAndFlush(response);
        long every = settings.heartbeatInterval().toNanos();
        heartbeat = eventLoop.scheduleAtFixedRate(this::ping, every, every, TimeUnit.NANOSECONDS);
    }

    /**
     * Ends the stream: flushes what is queued, sends {@code finalFrame}, ends the response and closes the
     * connection (after {@link SseSinkSettings#finishGrace()} at the latest, for a client that stopped
     * reading). Event loop only; idempotent.
     */
    void finish(byte[] finalFrame) {
        if (finished) {
            return;
        }
        flush();
        finished = true;
        accepting = false;
        cancelHeartbeat();
        channel.write(new DefaultHttpContent(Unpooled.wrappedBuffer(finalFrame)));
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        Runnable close = channel::close;
        forcedClose = eventLoop.schedule(close, settings.finishGrace().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** {@link #finish} from any thread. */
    void finishLater(byte[] finalFrame) {
        try {
            eventLoop.execute(() -> finish(finalFrame));
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down and takes the connection with it.
            accepting = false;
        }
    }

    /** The connection closed. Event loop only. */
    void closed() {
        finished = true;
        accepting = false;
        cancelHeartbeat();
        if (forcedClose != null) {
            forcedClose.cancel(false);
        }
        pending.clear();
    }

    /** Hands everything queued to Netty as one chunk. Event loop only. */
    private void flush() {
        if (finished) {
            return;
        }
        ByteBuf batch = null;
        int events = 0;
        int bytes = 0;
        byte[] frame;
        // Bounded: the publisher stops adding once pendingBytes, only lowered below, reaches the cap.
        while ((frame = pending.poll()) != null) {
            if (batch == null) {
                batch = channel.alloc().buffer(Math.max(pendingBytes.get(), frame.length));
            }
            batch.writeBytes(frame);
            events++;
            bytes += frame.length;
        }
        if (batch == null) {
            return;
        }
        pendingBytes.addAndGet(-bytes);
        int sent = events;
        channel.writeAndFlush(new DefaultHttpContent(batch)).addListener(future -> {
            if (future.isSuccess()) {
                eventsSent.increment(sent);
            }
        });
    }

    private void ping() {
        // A client with a full buffer is receiving nothing anyway; a ping would only add to its backlog.
        if (!finished && channel.isWritable()) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(SseFrames.PING)));
        }
    }

    private void cancelHeartbeat() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
    }

    @Override
    public String toString() {
        return "SseClient[" + channel.remoteAddress() + (clientId == null ? "" : ", clientId=" + clientId) + "]";
    }
}
