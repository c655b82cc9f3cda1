package io.mantis.runtime.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What a test of one of the runtime's HTTP servers needs around the server: an event loop group to run it
 * on and an HTTP/1.1 client to call it with. The client has its own executor, so a test that blocks on a
 * response never holds up the server's event loops. Close it after the server: the group is the test's,
 * and {@link #close} shuts it down.
 */
public final class HttpServerTestBed implements AutoCloseable {

    private final EventLoopGroup group;
    private final ExecutorService httpExecutor;
    private final HttpClient http;

    /** @param eventLoopThreads threads of the server's event loop group */
    public HttpServerTestBed(int eventLoopThreads) {
        group = new NioEventLoopGroup(eventLoopThreads);
        httpExecutor = Executors.newCachedThreadPool();
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(httpExecutor)
                .build();
    }

    /** Runs the server under test and its connections. */
    public EventLoopGroup group() {
        return group;
    }

    /** Calls the server under test. */
    public HttpClient http() {
        return http;
    }

    /** Shuts the group down (quickly: tests have nothing left to drain) and stops the client's threads. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        httpExecutor.shutdownNow();
    }
}
