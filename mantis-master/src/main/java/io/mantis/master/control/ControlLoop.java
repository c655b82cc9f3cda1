package io.mantis.master.control;

import io.mantis.master.api.ApiException;
import io.mantis.master.store.StoreException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
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

    private volatile Thread thread;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mantis-control");
        t.setDaemon(true);
        thread = t;
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
     * reach the caller as they were thrown, except a {@link StoreException}, which becomes a 503: nothing was
     * changed and the caller may try again. Called on the loop's own thread (a provider answering from inside a
     * call the loop made), the task runs in place, since waiting for the loop there would wait for itself.
     *
     * @throws ApiException 503 when the loop has stopped (this master no longer leads), stops while the call waits,
     *                      or gives no answer within 30 s
     */
    <T> T call(Callable<T> task) {
        if (Thread.currentThread() == thread) {
            return runInPlace(task);
        }
        Future<T> future;
        try {
            future = executor.submit(task);
        } catch (RejectedExecutionException e) {
            throw stopped();
        }
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (CancellationException e) {
            throw stopped();
        } catch (TimeoutException e) {
            future.cancel(true);
            throw ApiException.unavailable("the master is busy: no answer within 30 s; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while waiting for the master");
        }
    }

    private static <T> T runInPlace(Callable<T> task) {
        try {
            return task.call();
        } catch (Exception e) {
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof StoreException e) {
            return ApiException.unavailable("the store (ZooKeeper) cannot be reached, nothing was changed: "
                    + e.getMessage() + "; try again");
        }
        if (cause instanceof RuntimeException re) {
            return re;
        }
        return new IllegalStateException(cause);
    }

    private static ApiException stopped() {
        return ApiException.unavailable("this master's control plane has stopped (it no longer leads); "
                + "see GET /api/v1/status and try again");
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
        // Callers waiting for tasks that will now never run get their answer at once, not after 30 s.
        for (Runnable never : executor.shutdownNow()) {
            if (never instanceof Future<?> f) {
                f.cancel(false);
            }
        }
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
