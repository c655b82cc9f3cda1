package io.mantis.examples.sinewave;

import io.mantis.runtime.local.LocalJob;
import io.mantis.runtime.local.LocalJobRunner;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Runs the sine wave for a few seconds and draws each point. {@code SineWaveMain [seconds]} (default 3). */
public final class SineWaveMain {

    private SineWaveMain() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (LocalJobRunner runner = LocalJobRunner.inJvm()) {
            // 1. Three stages (ticks → wave → peaks), each wired to the next over loopback.
            LocalJob job = runner.start(SineWaveJob.create(), p -> {
                int column = (int) Math.round(p.y() * 3) + 32;
                System.out.printf("%5d %s*%n", p.x(), " ".repeat(Math.max(0, column)));
            });
            // 2. The wave never ends by itself; stop after a while.
            try {
                job.awaitCompletion(Duration.ofSeconds(seconds));
            } catch (TimeoutException expected) {
                // Perpetual, as it should be.
            }
        }
    }
}
