package io.mantis.master.control;

import io.mantis.master.api.ApiException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns job state. Everything that reads or changes jobs runs here, one task at a time, so the
 * job manager needs no locks; callers from other threads submit tasks and, for API calls, wait for the answer.
 */
final class ControlLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mantis-control");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code task} on the loop; a failure is logged with the task, never lost silently. */
    void execute(Runnable task) {
        executor.execute(() -> runLogged(task));
    }

    void schedule(Runnable task, long delayMillis) {
        executor.schedule(() -> runLogged(task), delayMillis, TimeUnit.MILLISECONDS);
    }

    void every(Runnable task, long periodMillis) {
        executor.scheduleWithFixedDelay(() -> runLogged(task), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code task} on the loop and waits for its result. {@link ApiException}s and other runtime exceptions
     * reach the caller as they were thrown.
     */
    <T> T call(Callable<T> task) {
        Future<T> future = executor.submit(task);
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw ApiException.unavailable("the master is busy: no answer within 30 s; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while waiting for the master");
        }
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("control task failed", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
