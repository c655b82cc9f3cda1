package io.mantis.master.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mantis.master.api.ApiException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControlLoopTest {

    private final ControlLoop loop = new ControlLoop();

    @AfterEach
    void tearDown() {
        loop.close();
    }

    @Test
    void callReturnsTheResultAndRethrowsApiExceptions() {
        assertEquals("on mantis-control", loop.call(() -> "on " + Thread.currentThread().getName()));
        ApiException e = assertThrows(ApiException.class, () -> loop.call(() -> {
            throw ApiException.conflict("no");
        }));
        assertEquals(409, e.status());
    }

    @Test
    void aCallFromTheLoopThreadItselfRunsInPlaceInsteadOfWaitingForItself() throws Exception {
        // e.g. a provider that asks listener.liveWorkers() from inside launch() or kill(), which run on the loop
        CompletableFuture<Integer> nested = new CompletableFuture<>();
        loop.execute(() -> nested.complete(loop.call(() -> 42)));
        assertEquals(42, nested.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aCallWaitingWhenTheLoopClosesIs503AtOnce() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        busy.await();
        CompletableFuture<Throwable> waiter = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                loop.call(() -> "never");
                waiter.complete(null);
            } catch (RuntimeException e) {
                waiter.complete(e);
            }
        });
        caller.start();
        PlaneFixture.await(() -> caller.getState() == Thread.State.TIMED_WAITING, "the caller waits for its answer");
        loop.close();
        Throwable answer = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> waiter.get());
        ApiException e = (ApiException) answer;
        assertEquals(503, e.status());
    }

    @Test
    void aCallAfterCloseIs503() {
        loop.close();
        assertEquals(503, assertThrows(ApiException.class, () -> loop.call(() -> 1)).status());
    }
}
