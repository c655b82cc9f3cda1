package io.mantis.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.examples.requestlog.EnrichedRequest;
import io.mantis.examples.requestlog.RequestLogJob;
import io.mantis.examples.sinewave.Point;
import io.mantis.examples.sinewave.SineWaveJob;
import io.mantis.examples.wordcount.SyntheticText;
import io.mantis.examples.wordcount.WordCountJob;
import io.mantis.runtime.local.LocalJob;
import io.mantis.runtime.local.LocalJobRunner;
import io.mantis.runtime.testing.Await;
import io.mantis.runtime.testing.LocalJobRunnerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each example job does what its description says, on the local runner. */
@ExtendWith(LocalJobRunnerExtension.class)
@Timeout(120)
class ExampleJobsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void wordCountMatchesAnIndependentCount(LocalJobRunner runner) throws Exception {
        Map<String, Long> counts = new ConcurrentHashMap<>();
        LocalJob job = runner.workers(1, 3).workers(2, 2).parameter("lines", "20000")
                .start(WordCountJob.create(), c -> counts.merge(c.word(), c.count(), Math::max));

        job.awaitCompletion(WAIT);

        assertEquals(SyntheticText.expectedCounts(20_000), counts);
    }

    @Test
    void wordCountWithNoLineLimitKeepsCounting(LocalJobRunner runner) throws Exception {
        Map<String, Long> counts = new ConcurrentHashMap<>();
        LocalJob job = runner.parameter("lines", "0")
                .start(WordCountJob.create(), c -> counts.merge(c.word(), c.count(), Math::max));

        Await.until("words counted past 100,000", WAIT,
                () -> counts.values().stream().mapToLong(Long::longValue).sum() > 100_000);

        assertTrue(!job.completion().isDone(), "an endless word count must still be running");
    }

    @Test
    void requestLogIsEnrichedForQueries(LocalJobRunner runner) throws Exception {
        Queue<EnrichedRequest> out = new ConcurrentLinkedQueue<>();
        LocalJob job = runner.parameter("rate", "0").parameter("limit", "5000")
                .start(RequestLogJob.create(), out::add);

        job.awaitCompletion(WAIT);

        assertEquals(5000, out.size());
        for (EnrichedRequest r : out) {
            assertTrue(r.path().startsWith("/" + r.service()), r.toString());
            assertEquals(r.status() / 100 + "xx", r.statusClass());
            assertEquals(r.latencyMs() > EnrichedRequest.SLOW_MS, r.slow());
        }
        assertTrue(out.stream().anyMatch(r -> r.status() >= 500), "some requests should fail");
    }

    @Test
    void sineWaveKeepsOnlyPeaksAboveTheThreshold(LocalJobRunner runner) throws Exception {
        Queue<Point> out = new ConcurrentLinkedQueue<>();
        runner.parameter("ticksPerSecond", "2000").parameter("peaksAbove", "9.5")
                .start(SineWaveJob.create(), out::add);

        Await.until("20 peak points", WAIT, () -> out.size() >= 20);

        List<Point> points = List.copyOf(out);
        for (Point p : points) {
            assertTrue(p.y() > 9.5, "not a peak: " + p);
            assertEquals(10.0 * Math.sin(p.x() * Math.PI / 16), p.y(), 1e-9);
        }
    }
}
