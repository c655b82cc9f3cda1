package io.mantis.runtime.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * The upstream end of one downstream worker's connection: registers it with the {@link OutboundFlow} on
 * HELLO, passes CREDIT frames on, and unregisters it when the channel closes.
 *
 * <p>Threading: all methods run on the channel's event loop, so {@link #connection} needs no guard.
 */
final class OutboundHandler extends FrameHandler {

    private final OutboundFlow<?> flow;
    private OutboundConnection connection;

    OutboundHandler(String label, OutboundFlow<?> flow) {
        super(label);
        this.flow = flow;
    }

    @Override
    protected void onHello(ChannelHandlerContext ctx, int workerIndex, int initialCredits) {
        if (connection != null) {
            throw new CorruptedFrameException("second HELLO on one connection");
        }
        if (workerIndex < 0) {
            throw new CorruptedFrameException("HELLO with negative worker index " + workerIndex);
        }
        connection = flow.onHello(ctx.channel(), workerIndex, initialCredits);
        if (connection == null) {
            ctx.close(); // the server is closing
        }
    }

    @Override
    protected void onCredit(ChannelHandlerContext ctx, int more) {
        if (connection == null) {
            throw new CorruptedFrameException("CREDIT before HELLO");
        }
        if (more <= 0) {
            throw new CorruptedFrameException("CREDIT of " + more);
        }
        flow.onCredit(connection, more);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connection != null) {
            flow.onClosed(connection);
        }
        super.channelInactive(ctx);
    }
}
