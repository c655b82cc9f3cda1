package io.mantis.runtime.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the frames {@link Frames#newDecoder()} cut out of a connection and calls one method per frame type.
 * A side overrides the types it accepts; any other type, an unknown type or a malformed frame closes the
 * connection with a log line naming the label and the peer, as does an oversized frame (reported by the
 * decoder in front of this handler).
 *
 * <p>Threading: Netty calls every method on the channel's event loop. Frames are released after dispatch, so
 * a subclass must not keep the {@code ByteBuf} it is handed.
 */
abstract class FrameHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);

    /** Names the job, stage and worker in log lines. */
    protected final String label;

    protected FrameHandler(String label) {
        this.label = label;
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        ByteBuf frame = (ByteBuf) msg;
        try {
            onFrameBytes(Frames.LENGTH_FIELD_LENGTH + frame.readableBytes());
            dispatch(ctx, frame);
        } finally {
            frame.release();
        }
    }

    private void dispatch(ChannelHandlerContext ctx, ByteBuf frame) throws Exception {
        if (!frame.isReadable()) {
            throw new CorruptedFrameException("empty frame");
        }
        byte type = frame.readByte();
        switch (type) {
            case Frames.HELLO -> {
                expectPayload(frame, type, 8);
                onHello(ctx, frame.readInt(), frame.readInt());
            }
            case Frames.CREDIT -> {
                expectPayload(frame, type, 4);
                onCredit(ctx, frame.readInt());
            }
            case Frames.DATA -> {
                if (frame.readableBytes() < 4) {
                    throw new CorruptedFrameException("DATA frame of " + frame.readableBytes() + " bytes has no event count");
                }
                int count = frame.readInt();
                // Every event takes at least its 4-byte length, which bounds an honest count.
                if (count < 0 || count > frame.readableBytes() / 4) {
                    throw new CorruptedFrameException("DATA frame claims " + count + " events in "
                            + frame.readableBytes() + " bytes");
                }
                onData(ctx, count, frame);
            }
            case Frames.MARKER -> {
                expectPayload(frame, type, 8);
                onMarker(ctx, frame.readLong());
            }
            case Frames.END -> {
                expectPayload(frame, type, 0);
                onEnd(ctx);
            }
            case Frames.ERROR -> onError(ctx, frame.toString(StandardCharsets.UTF_8));
            default -> throw new CorruptedFrameException("unknown frame type " + type);
        }
    }

    /**
     * Called once for every frame read, before it is dispatched (malformed and unexpected ones too), with its
     * full size on the wire: the length field the decoder stripped plus the rest. The one place a side counts
     * received bytes; does nothing by default.
     */
    protected void onFrameBytes(int bytes) {
    }

    private static void expectPayload(ByteBuf frame, byte type, int length) {
        if (frame.readableBytes() != length) {
            throw new CorruptedFrameException(Frames.typeName(type) + " frame payload must be " + length
                    + " bytes, was " + frame.readableBytes());
        }
    }

    protected void onHello(ChannelHandlerContext ctx, int workerIndex, int initialCredits) throws Exception {
        throw unexpected(Frames.HELLO);
    }

    protected void onCredit(ChannelHandlerContext ctx, int more) throws Exception {
        throw unexpected(Frames.CREDIT);
    }

    /** {@code events} is positioned at the first event's length field; it is released after this returns. */
    protected void onData(ChannelHandlerContext ctx, int eventCount, ByteBuf events) throws Exception {
        throw unexpected(Frames.DATA);
    }

    protected void onMarker(ChannelHandlerContext ctx, long originEpochMicros) throws Exception {
        throw unexpected(Frames.MARKER);
    }

    protected void onEnd(ChannelHandlerContext ctx) throws Exception {
        throw unexpected(Frames.END);
    }

    protected void onError(ChannelHandlerContext ctx, String message) throws Exception {
        throw unexpected(Frames.ERROR);
    }

    protected static CorruptedFrameException unexpected(byte type) {
        return new CorruptedFrameException("unexpected " + Frames.typeName(type) + " frame");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // Resets and broken pipes are ordinary peer departures; channelInactive handles them.
            LOG.debug("{}: connection to {} failed: {}", label, ctx.channel().remoteAddress(), cause.toString());
        } else {
            Throwable reported = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            LOG.warn("{}: closing connection to {}: {}", label, ctx.channel().remoteAddress(), reported.toString());
        }
        ctx.close();
    }
}
