package io.mantis.bench.netty;

import io.mantis.bench.common.Keys;
import io.mantis.bench.common.SinkStats;
import io.mantis.bench.run.ChildJvm;
import io.mantis.bench.run.DataPlaneSystem;
import io.mantis.bench.run.HangReport;
import io.mantis.bench.run.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

/**
 * The raw-Netty reference, two processes: the receiver in a fresh child JVM (as a downstream worker would
 * be), the sender in this JVM. A fresh receiver per run, like the fresh workers of our pipeline.
 */
public final class NettyReference implements DataPlaneSystem {

    private static final long STARTUP_TIMEOUT_MILLIS = 30_000;

    private int run;

    @Override
    public String label() {
        return "raw Netty, 2 processes (ref)";
    }

    @Override
    public SinkStats run(RunSpec spec) throws Exception {
        run++;
        Path result = spec.workDir().resolve("netty-" + run + ".result");
        Files.deleteIfExists(result);
        try (ChildJvm receiver = ChildJvm.start(spec.childJvmOptions(), NettyReceiver.class,
                spec.workDir().resolve("netty-" + run + ".log"), result.toString(),
                Long.toString(spec.warmupEvents()))) {
            int port = Integer.parseInt(receiver.awaitLine(NettyReceiver.LISTENING, STARTUP_TIMEOUT_MILLIS));
            try {
                NettySender.send(port, spec.events(), spec.rate(), new Keys(spec.keys()), spec.timeout().toMillis());
                receiver.awaitExit(STARTUP_TIMEOUT_MILLIS);
            } catch (TimeoutException e) {
                Path report = spec.workDir().resolve("netty-" + run + ".hang.txt");
                new HangReport("raw Netty run " + run + " timed out").threadDumps().appendTo(report);
                throw new TimeoutException("raw Netty run did not finish within " + spec.timeout()
                        + "; thread dumps in " + report);
            }
        }
        return SinkStats.readFrom(result);
    }
}
