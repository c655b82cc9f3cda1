package io.mantis.examples.requestlog;

import java.util.SplittableRandom;

/** Plausible synthetic request logs: skewed paths, mostly 2xx, long-tailed latencies. */
final class RequestLogGenerator {

    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "ap-south-1"};
    private static final String[] PATHS = {
        "/api/play", "/api/browse", "/api/search", "/api/profile", "/api/ratings", "/static/app.js",
        "/static/logo.png", "/api/recommendations", "/health",
    };

    private final SplittableRandom random;

    RequestLogGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    RequestLog next() {
        double u = random.nextDouble();
        String path = PATHS[(int) (u * u * PATHS.length)];
        int roll = random.nextInt(1000);
        int status = roll < 940 ? 200 : roll < 970 ? 304 : roll < 990 ? 404 : roll < 996 ? 500 : 503;
        // Exponential latency with a mean of 80 ms gives the long tail real services show.
        long latency = (long) (-80.0 * Math.log(1.0 - random.nextDouble()));
        long bytes = status == 304 ? 0 : 200 + random.nextInt(50_000);
        return new RequestLog(System.currentTimeMillis(), REGIONS[random.nextInt(REGIONS.length)], path, status,
                latency, bytes);
    }
}
