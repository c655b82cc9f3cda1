package io.mantis.cli.job;

import static io.mantis.cli.CannedViews.job;
import static io.mantis.cli.CannedViews.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.cli.CliContext;
import io.mantis.cli.CliRun;
import io.mantis.cli.FakeMaster;
import io.mantis.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobTailCommandTest {

    @TempDir
    Path home;

    private FakeMaster master;
    /** Released at the end of each test so that sink scripts holding their streams open return. */
    private final CountDownLatch testOver = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        master = new FakeMaster();
    }

    @AfterEach
    void stop() {
        testOver.countDown();
        master.close();
    }

    private void holdOpen() throws InterruptedException {
        testOver.await(60, TimeUnit.SECONDS);
    }

    @Test
    void printsEventsOfEveryLastStageWorkerUntilTheLimit() throws Exception {
        try (FakeSink first = new FakeSink(s -> {
                 s.send(": ping\n\n");
                 s.data("a1");
                 s.data("a2");
                 holdOpen();
             });
             FakeSink second = new FakeSink(s -> {
                 s.data("b1");
                 s.send("data: b2 line one\ndata: line two\n\n");
                 holdOpen();
             });
             FakeSink stageOne = new FakeSink(s -> s.data("must not be read"))) {
            master.on("GET /jobs/sine-1", 200, job("sine-1", "RUNNING", null,
                    worker("sine-1-1-0-1", 1, "STARTED", stageOne.port(), null),
                    worker("sine-1-2-0-1", 2, "STARTED", first.port(), null),
                    worker("sine-1-2-1-1", 2, "STARTED", second.port(), null)));

            CliRun.Result r = CliRun.against(master, home, "job", "tail", "sine-1", "--limit", "4",
                    "--client-id", "dash board");

            assertEquals(0, r.code(), r.err());
            assertEquals(Set.of("a1", "a2", "b1", "b2 line one\nline two"),
                    Set.copyOf(List.of(r.out().split("\n(?=[ab]\\d)"))).stream().map(String::strip)
                            .collect(Collectors.toSet()));
            assertEquals(List.of("clientId=dash+board"), first.queries());
            assertEquals(List.of(), stageOne.queries());
        }
    }

    @Test
    void followsASinkWorkerThatIsReplaced() throws Exception {
        CountDownLatch replaced = new CountDownLatch(1);
        try (FakeSink old = new FakeSink(s -> {
                 s.data("from old");
                 replaced.await(60, TimeUnit.SECONDS);
             });
             FakeSink replacement = new FakeSink(s -> {
                 s.data("from replacement");
                 holdOpen();
             })) {
            master.on("GET /jobs/sine-1", 200, job("sine-1", "RUNNING", null,
                    worker("sine-1-2-0-1", 2, "STARTED", old.port(), null)));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CliContext context = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true),
                    Map.of("MANTIS_MASTER", master.url()), home, Duration.ofMillis(20));
            CompletableFuture<Integer> tail = CompletableFuture.supplyAsync(
                    () -> Main.run(context, "job", "tail", "sine-1", "--limit", "2"));

            awaitContains(out, "from old\n");
            master.set("GET /jobs/sine-1", 200, job("sine-1", "RUNNING", null,
                    worker("sine-1-2-0-1", 2, "FAILED", old.port(), "exit code 1"),
                    worker("sine-1-2-0-2", 2, "STARTED", replacement.port(), null)));
            replaced.countDown();

            assertEquals(0, tail.get(30, TimeUnit.SECONDS), err.toString());
            assertEquals("from old\nfrom replacement\n", out.toString());
            assertEquals(1, replacement.queries().size());
        }
    }

    @Test
    void endedJobIsAnErrorSayingHowItEnded() {
        master.on("GET /jobs/sine-1", 200, job("sine-1", "KILLED", "killed by alice"));

        CliRun.Result r = CliRun.against(master, home, "job", "tail", "sine-1");

        assertEquals(1, r.code());
        assertEquals("error: job sine-1 ended KILLED: killed by alice; there is nothing to tail\n", r.err());
    }

    private static void awaitContains(StringWriter out, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!out.toString().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text.strip() + "' in: " + out);
            }
            Thread.sleep(10); // polling a StringWriter: there is nothing to wait on
        }
    }
}
