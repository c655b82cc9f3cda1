package io.mantis.runtime.transport;

import io.mantis.runtime.metrics.StageMetrics;
import io.mantis.sdk.Codec;
import io.mantis.sdk.Codecs;
import io.mantis.sdk.Keyed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;

/**
 * Prints how many keyed events per second one {@link OutboundServer} moves to one or two {@link InboundClient}s
 * over loopback, beside the raw-Netty reference ({@link RawNettyReference}) measured in the same run, first
 * with everything in this JVM, then with each downstream worker in a process of its own ({@link ThroughputPeer})
 * as on the platform. Events are {@code Keyed<String, Long>} over 10,000 keys encoded with
 * {@code Codecs.keyed(Codecs.string(), Codecs.longs())}, routed by key. Each figure is the median of the rounds;
 * the machine is shared, so compare the ratios. A benchmark, not a test: it fails only if an event is lost.
 *
 * <p>Run from the module: {@code java -cp target/test-classes:target/classes:<dependencies>
 * io.mantis.runtime.transport.TransportThroughputCheck [millions per run, default 10] [rounds, default 3]}
 */
public final class TransportThroughputCheck {

    static final Codec<Keyed<String, Long>> CODEC = Codecs.keyed(Codecs.string(), Codecs.longs());
    private static final int KEYS = 10_000;
    private static final String[] KEY_NAMES = new String[KEYS];

    static {
        for (int k = 0; k < KEYS; k++) {
            KEY_NAMES[k] = String.format(Locale.ROOT, "user-%05d", k);
        }
    }

    private TransportThroughputCheck() {
    }

    public static void main(String[] args) throws Exception {
        long events = (long) (Double.parseDouble(args.length > 0 ? args[0] : "10") * 1_000_000);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(Locale.ROOT, "%,d keyed events per run (%d keys, %s), %d cores, median of %d rounds%n",
                events, KEYS, CODEC.typeName(), Runtime.getRuntime().availableProcessors(), rounds);
        measure("one JVM", events, rounds, new InJvm());
        try (Processes processes = new Processes()) {
            measure("downstream workers in their own processes", events, rounds, processes);
        }
    }

    /** Where the receiving side runs. */
    private interface Setup {
        /** Events per second through the raw reference. */
        double raw(long events) throws Exception;

        /** Starts {@code downstreams} clients on {@code port}; returns a waiter for their total count. */
        Waiter clients(int port, int downstreams) throws Exception;

        /** CPU nanoseconds the receiving processes used in the last run (NaN if they are this process). */
        default double receiverCpuNanos() {
            return Double.NaN;
        }
    }

    @FunctionalInterface
    private interface Waiter {
        long awaitTotal() throws Exception;
    }

    private static long processCpuNanos() {
        return ThroughputPeer.processCpuNanos();
    }

    private static void measure(String title, long events, int rounds, Setup setup) throws Exception {
        // Warm up every path, so that the rounds compare compiled code.
        setup.raw(events / 5);
        transport(setup, events / 5, 1);
        transport(setup, events / 5, 2);
        double[] raw = new double[rounds];
        double[] one = new double[rounds];
        double[] two = new double[rounds];
        double[][] cpu = new double[3][rounds];
        for (int r = 0; r < rounds; r++) {
            long before = processCpuNanos();
            raw[r] = setup.raw(events);
            cpu[0][r] = (processCpuNanos() - before + setup.receiverCpuNanos()) / events;
            before = processCpuNanos();
            one[r] = transport(setup, events, 1);
            cpu[1][r] = (processCpuNanos() - before + setup.receiverCpuNanos()) / events;
            before = processCpuNanos();
            two[r] = transport(setup, events, 2);
            cpu[2][r] = (processCpuNanos() - before + setup.receiverCpuNanos()) / events;
        }
        double reference = median(raw);
        System.out.printf(Locale.ROOT, "%s:%n  raw Netty (1 connection, 1024 events/frame) %6.2f M events/s%n"
                        + "  transport, 1 downstream                    %6.2f M events/s (%3.0f%% of raw)%n"
                        + "  transport, 2 downstreams                   %6.2f M events/s (%3.0f%% of raw)%n"
                        + "  rounds raw %s | 1 downstream %s | 2 downstreams %s%n",
                title, reference / 1e6, median(one) / 1e6, 100 * median(one) / reference, median(two) / 1e6,
                100 * median(two) / reference, millions(raw), millions(one), millions(two));
        if (!Double.isNaN(median(cpu[0]))) {
            System.out.printf(Locale.ROOT, "  CPU per event, all processes: raw %.0f ns | 1 downstream %.0f ns | "
                    + "2 downstreams %.0f ns%n", median(cpu[0]), median(cpu[1]), median(cpu[2]));
        }
    }

    private static String millions(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v / 1e6))
                .reduce((a, b) -> a + " " + b).orElse("");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static Keyed<String, Long> event(long i) {
        return new Keyed<>(KEY_NAMES[(int) (i % KEYS)], i);
    }

    /** One server fed by a generating source on its own thread; from its first event to the last END. */
    private static double transport(Setup setup, long events, int downstreams) throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        OutboundConfig config = OutboundConfig.defaults("bench stage 1", Codecs.string(), false, downstreams)
                .withMarkerInterval(Duration.ZERO);
        try (OutboundServer<Keyed<String, Long>> server = new OutboundServer<>(config, CODEC, group,
                new StageMetrics(new SimpleMeterRegistry(), "bench", 1, 0))) {
            int port = server.start();
            Waiter clients = setup.clients(port, downstreams);
            AtomicLong start = new AtomicLong();
            Flowable.<Keyed<String, Long>, long[]>generate(() -> new long[1], (state, emitter) -> {
                long i = state[0]++;
                if (i == 0) {
                    start.set(System.nanoTime()); // the first credit has arrived
                }
                if (i < events) {
                    emitter.onNext(event(i));
                } else {
                    emitter.onComplete();
                }
            }).subscribeOn(Schedulers.newThread()).subscribe(server.subscriber());
            long received = clients.awaitTotal();
            long elapsed = System.nanoTime() - start.get();
            if (received != events) {
                throw new IllegalStateException("lost events: sent " + events + ", received " + received);
            }
            server.whenDone().get(10, TimeUnit.SECONDS);
            return events * 1e9 / elapsed;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Counts events until the flow ends; touches each so that decoding cannot be optimized away. */
    static final class Counter implements FlowableSubscriber<Keyed<String, Long>> {
        private final CountDownLatch terminated = new CountDownLatch(1);
        private long count;
        private long checksum;
        private Throwable error;

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Keyed<String, Long> e) {
            checksum += e.value() + e.key().length();
            count++;
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            terminated.countDown();
        }

        @Override
        public void onComplete() {
            terminated.countDown();
        }

        long await() throws InterruptedException {
            if (!terminated.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("no END after " + count + " events");
            }
            if (error != null) {
                throw new IllegalStateException("the input failed", error);
            }
            return checksum == Long.MIN_VALUE ? -1 : count;
        }
    }

    /** Everything in this JVM: each downstream client on an event loop of its own. */
    private static final class InJvm implements Setup {
        @Override
        public double raw(long events) throws Exception {
            NioEventLoopGroup receiverGroup = new NioEventLoopGroup(1);
            NioEventLoopGroup senderGroup = new NioEventLoopGroup(1);
            try {
                CountDownLatch done = new CountDownLatch(1);
                Channel server = RawNettyReference.receiver(receiverGroup, CODEC, events, done);
                long start = System.nanoTime();
                Channel sender = RawNettyReference.send(senderGroup, server.localAddress(), CODEC, events,
                        TransportThroughputCheck::event);
                done.await();
                long elapsed = System.nanoTime() - start;
                sender.close().sync();
                server.close().sync();
                return events * 1e9 / elapsed;
            } finally {
                receiverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                senderGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }

        @Override
        public Waiter clients(int port, int downstreams) {
            NioEventLoopGroup group = new NioEventLoopGroup(downstreams);
            List<Counter> counters = new ArrayList<>();
            List<InboundClient<Keyed<String, Long>>> clients = new ArrayList<>();
            for (int i = 0; i < downstreams; i++) {
                InboundClient<Keyed<String, Long>> client = new InboundClient<>(
                        InboundConfig.defaults("bench stage 2 worker " + i, i), CODEC, group,
                        new StageMetrics(new SimpleMeterRegistry(), "bench", 2, i), MarkerListener.NONE);
                Counter counter = new Counter();
                client.events().subscribe(counter);
                client.setUpstreams(List.of(new InetSocketAddress("127.0.0.1", port)));
                clients.add(client);
                counters.add(counter);
            }
            return () -> {
                try {
                    long total = 0;
                    for (Counter c : counters) {
                        total += c.await();
                    }
                    return total;
                } finally {
                    clients.forEach(InboundClient::close);
                    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                }
            };
        }
    }

    /** Each downstream worker a {@link ThroughputPeer} process, started once and reused by every run. */
    private static final class Processes implements Setup, AutoCloseable {
        private final List<Peer> peers = new ArrayList<>();
        private double receiverCpu;

        Processes() throws IOException {
            for (int i = 0; i < 2; i++) {
                peers.add(new Peer());
            }
        }

        @Override
        public double raw(long events) throws Exception {
            Peer peer = peers.get(0);
            peer.send("raw " + events);
            int port = Integer.parseInt(peer.expect("port"));
            NioEventLoopGroup senderGroup = new NioEventLoopGroup(1);
            try {
                long start = System.nanoTime();
                Channel sender = RawNettyReference.send(senderGroup, new InetSocketAddress("127.0.0.1", port),
                        CODEC, events, TransportThroughputCheck::event);
                String[] done = peer.expect("done").split(" ");
                long elapsed = System.nanoTime() - start;
                receiverCpu = Long.parseLong(done[1]);
                sender.close().sync();
                return events * 1e9 / elapsed;
            } finally {
                senderGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }

        @Override
        public Waiter clients(int port, int downstreams) throws IOException {
            for (int i = 0; i < downstreams; i++) {
                peers.get(i).send("transport " + port + " " + i);
            }
            return () -> {
                long total = 0;
                receiverCpu = 0;
                for (int i = 0; i < downstreams; i++) {
                    String[] done = peers.get(i).expect("done").split(" ");
                    total += Long.parseLong(done[0]);
                    receiverCpu += Long.parseLong(done[1]);
                }
                return total;
            };
        }

        @Override
        public double receiverCpuNanos() {
            return receiverCpu;
        }

        @Override
        public void close() {
            peers.forEach(Peer::close);
        }
    }

    /** A {@link ThroughputPeer} child JVM on the same classpath, talked to in lines. */
    private static final class Peer implements AutoCloseable {
        private final Process process;
        private final PrintStream in;
        private final BufferedReader out;

        Peer() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ThroughputPeer.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        void send(String command) {
            in.println(command);
        }

        /** Skips other output (log lines) up to a line starting with {@code word}; returns the rest. */
        String expect(String word) throws IOException {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(word + " ")) {
                    return line.substring(word.length() + 1);
                }
            }
            throw new IOException("the peer process ended while waiting for '" + word + "'");
        }

        @Override
        public void close() {
            in.println("exit");
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
