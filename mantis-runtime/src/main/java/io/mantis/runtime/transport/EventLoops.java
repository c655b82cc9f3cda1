package io.mantis.runtime.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;

/** The event loop check shared by {@link OutboundServer} and {@link InboundClient}. */
final class EventLoops {

    private EventLoops() {
    }

    /**
     * The transport's channels are NIO ones, so they need a {@link NioEventLoopGroup}.
     *
     * @param label starts the message, e.g. the job, stage and worker
     * @throws IllegalArgumentException naming {@code label} and the group's class, if {@code group} is another kind
     */
    static void requireNio(EventLoopGroup group, String label) {
        if (!(group instanceof NioEventLoopGroup)) {
            throw new IllegalArgumentException(label + ": the transport needs a NioEventLoopGroup, got "
                    + group.getClass().getName());
        }
    }
}
