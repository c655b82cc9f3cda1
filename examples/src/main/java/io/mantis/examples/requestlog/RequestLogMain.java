package io.mantis.examples.requestlog;

import io.mantis.runtime.local.LocalJob;
import io.mantis.runtime.local.LocalJobRunner;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the request-log job on this machine for a few seconds and prints every slow or failed request it
 * sees, with a summary. {@code RequestLogMain [seconds]} (default 5).
 */
public final class RequestLogMain {

    private RequestLogMain() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        AtomicLong seen = new AtomicLong();
        AtomicLong shown = new AtomicLong();
        try (LocalJobRunner runner = LocalJobRunner.inJvm().parameter("rate", "2000")) {
            // 1. Start the job; the output consumer plays the part of a live query at the sink.
            LocalJob job = runner.start(RequestLogJob.create(), r -> {
                seen.incrementAndGet();
                if ((r.status() >= 500 || r.slow()) && shown.incrementAndGet() <= 20) {
                    System.out.printf("%-10s %-22s %d %5d ms%n", r.region(), r.path(), r.status(), r.latencyMs());
                }
            });
            // 2. The job is perpetual: let it run, then stop it.
            try {
                job.awaitCompletion(Duration.ofSeconds(seconds));
            } catch (java.util.concurrent.TimeoutException expected) {
                // Still running, as a perpetual job should be.
            }
        }
        System.out.printf("%,d requests in %d s, %,d of them slow or failed (first 20 shown)%n", seen.get(), seconds,
                shown.get());
    }
}
