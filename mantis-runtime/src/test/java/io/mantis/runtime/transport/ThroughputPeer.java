package io.mantis.runtime.transport;

import io.mantis.runtime.metrics.StageMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The downstream worker process of {@link TransportThroughputCheck}: reads commands on stdin, one per run, and
 * answers on stdout, so that one JVM (warmed up over the runs) serves every round.
 *
 * <pre>
 * raw EVENTS                 -> "port P", later "done EVENTS CPU_NANOS"   (raw Netty receiver)
 * transport PORT INDEX       -> "done COUNT CPU_NANOS"                     (an InboundClient as worker INDEX)
 * exit
 * </pre>
 */
public final class ThroughputPeer {

    private ThroughputPeer() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
                String[] command = line.split(" ");
                long cpuBefore = processCpuNanos();
                if (command[0].equals("raw")) {
                    long events = Long.parseLong(command[1]);
                    CountDownLatch done = new CountDownLatch(1);
                    Channel server = RawNettyReference.receiver(group, TransportThroughputCheck.CODEC, events, done);
                    out.println("port " + ((InetSocketAddress) server.localAddress()).getPort());
                    done.await();
                    server.close().sync();
                    out.println("done " + events + " " + (processCpuNanos() - cpuBefore));
                } else {
                    int port = Integer.parseInt(command[1]);
                    int index = Integer.parseInt(command[2]);
                    long count = receive(group, port, index);
                    out.println("done " + count + " " + (processCpuNanos() - cpuBefore));
                }
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** CPU time this process used so far, all threads. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Connects as downstream worker {@code index}, counts until END; returns the count. */
    static long receive(NioEventLoopGroup group, int port, int index) throws InterruptedException {
        StageMetrics metrics = new StageMetrics(new SimpleMeterRegistry(), "bench", 2, index);
        try (InboundClient<io.mantis.sdk.Keyed<String, Long>> client = new InboundClient<>(
                InboundConfig.defaults("bench stage 2 worker " + index, index), TransportThroughputCheck.CODEC, group,
                metrics, MarkerListener.NONE)) {
            TransportThroughputCheck.Counter counter = new TransportThroughputCheck.Counter();
            client.events().subscribe(counter);
            client.setUpstreams(List.of(new InetSocketAddress("127.0.0.1", port)));
            return counter.await();
        }
    }
}
