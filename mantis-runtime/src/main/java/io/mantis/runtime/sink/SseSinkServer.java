package io.mantis.runtime.sink;

import io.mantis.runtime.metrics.StageMetrics;
import io.mantis.runtime.net.ServerChannels;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a last-stage worker's output as Server-Sent Events on {@code GET /events[?clientId=ID]}.
 *
 * <p>Clients that share a {@code clientId} split the stream between them (each event goes to one of them);
 * clients with different ids, or none, each get every event. A client that cannot keep up loses events,
 * counted in {@link StageMetrics#sinkDropped}; the job never waits for a client.
 *
 * <p>Each event is framed as {@code data: <text>\n\n} (see {@link SseFrames}) and batched per client: a
 * batch goes out when it reaches a few KiB or after a short linger, as one HTTP chunk. A client is too slow
 * when its channel is not writable (Netty's outbound buffer is above the high water mark) or its unflushed
 * batch is full. Quiet streams carry a {@code : ping} comment every few seconds. Other paths answer
 * {@code 404}, other methods {@code 405}, both with a JSON body.
 *
 * <p>Threading: {@link #publish} is called by one thread at a time (the stage's) and never blocks.
 * {@link #complete}, {@link #fail}, {@link #hasClients}, {@link #clientCount} and {@link #close} may be called
 * from any thread.
 * Events published after {@link #complete} or {@link #fail} are discarded.
 */
public final class SseSinkServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SseSinkServer.class);

    private final StageMetrics metrics;
    private final SseSinkSettings settings;
    private final ClientRegistry registry = new ClientRegistry();
    private final ServerChannels channels;
    /** The last event every client gets, once the stream ended; {@code null} while it runs. */
    private final AtomicReference<byte[]> finalFrame = new AtomicReference<>();

    /**
     * @param bindHost the address to listen on
     * @param port     the port, or {@code 0} for any free one
     * @param group    runs the server and its connections; owned by the caller, who shuts it down
     * @param metrics  where delivered and dropped events are counted
     */
    public SseSinkServer(String bindHost, int port, EventLoopGroup group, StageMetrics metrics) {
        this(bindHost, port, group, metrics, SseSinkSettings.DEFAULTS);
    }

    SseSinkServer(String bindHost, int port, EventLoopGroup group, StageMetrics metrics, SseSinkSettings settings) {
        this.channels = new ServerChannels("SSE sink", bindHost, port, group, LOG);
        this.metrics = Objects.requireNonNull(metrics, "metrics is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        // No Nagle delay: events are already batched per client (see SseClient), so a batch should leave as
        // soon as it is flushed. The water marks decide when a client counts as too slow.
        channels.childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(settings.lowWaterMark(), settings.highWaterMark()));
    }

    /**
     * Binds; returns the port listened on.
     *
     * @throws IllegalStateException if already started or closed
     */
    public int start() throws InterruptedException {
        return channels.start(ch -> ch.pipeline()
                .addLast(new HttpServerCodec())
                .addLast(new HttpServerKeepAliveHandler())
                .addLast(new SseRequestHandler(this)));
    }

    /**
     * Offers one rendered event (one line of text; line breaks become several {@code data:} lines) to the
     * connected clients. Never blocks: a client (or clientId group) that cannot take it misses it, and
     * that is counted in {@link StageMetrics#sinkDropped}. With no client connected the event goes nowhere
     * and is not counted as dropped.
     */
    public void publish(String data) {
        Objects.requireNonNull(data, "data is null");
        if (finalFrame.get() != null) {
            return;
        }
        ClientGroup[] groups = registry.groups();
        if (groups.length == 0) {
            return;
        }
        byte[] frame = SseFrames.data(data);
        int missed = 0;
        for (ClientGroup g : groups) {
            if (!g.offer(frame)) {
                missed++;
            }
        }
        if (missed > 0) {
            // One counter update per call, and only while some client is behind.
            metrics.sinkDropped.increment(missed);
        }
    }

    /** The stream ended: clients get a final {@code event: complete} and their responses end. */
    public void complete() {
        end(SseFrames.event("complete", ""));
    }

    /** The stream failed: clients get {@code event: error} with {@code message}, and their responses end. */
    public void fail(String message) {
        Objects.requireNonNull(message, "message is null");
        end(SseFrames.event("error", message));
    }

    /** First end wins; clients connecting afterwards get the same final event (see {@link #attach}). */
    private void end(byte[] frame) {
        if (!finalFrame.compareAndSet(null, frame)) {
            return;
        }
        for (SseClient client : registry.clients()) {
            client.finishLater(frame);
        }
    }

    /**
     * Whether any client is connected now, so a caller can skip rendering events nobody would get. Cheap: one
     * volatile read, no lock.
     */
    public boolean hasClients() {
        return registry.groups().length > 0;
    }

    /** Clients connected now. */
    public int clientCount() {
        return registry.clientCount();
    }

    /**
     * Closes the listening socket and every connection, without final events. Idempotent. Waits a few
     * seconds at most for the channels to close, and not at all when called on one of the group's event
     * loops (where waiting could deadlock).
     */
    @Override
    public void close() {
        channels.close();
    }

    // Package-private: called by SseRequestHandler on the client's event loop.

    void attach(SseClient client) {
        registry.add(client);
        client.start();
        // Checked after registering: either end() saw this client, or this sees end()'s frame (or both;
        // finish is idempotent). Either way no client misses the final event.
        byte[] frame = finalFrame.get();
        if (frame != null) {
            client.finish(frame);
        }
    }

    void detach(SseClient client) {
        registry.remove(client);
        client.closed();
    }

    SseSinkSettings settings() {
        return settings;
    }

    Counter eventsSentCounter() {
        return metrics.sinkEventsSent;
    }
}
