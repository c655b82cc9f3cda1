package io.mantis.master.resources.mesos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * Sends every call but SUBSCRIBE: a POST of its own (not on the event stream's connection) carrying the
 * subscription's {@code Mesos-Stream-Id}, answered {@code 202}. A {@code 503} (the master is busy or not yet
 * elected) is retried with doubling delays; a {@code 307} means another master leads now, which only a new
 * subscription can fix, so it fails with {@link CallException#redirect()} set. Thread-safe.
 */
final class SchedulerCalls {

    private static final int ATTEMPTS = 5;

    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final MesosConfig config;

    SchedulerCalls(HttpClient http, ScheduledExecutorService timer, MesosConfig config) {
        this.http = Objects.requireNonNull(http, "http is null");
        this.timer = Objects.requireNonNull(timer, "timer is null");
        this.config = Objects.requireNonNull(config, "config is null");
    }

    /** Where and under which stream a subscription runs. */
    record Session(URI endpoint, String streamId) {
    }

    /**
     * Posts {@code call}. The future completes on 202, or exceptionally with a {@link CallException} naming the
     * call, the master and its answer.
     */
    CompletableFuture<Void> send(Session session, Call call) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(session, call, 1, config.minBackoff(), done);
        return done;
    }

    private void attempt(Session session, Call call, int attempt, Duration delay, CompletableFuture<Void> done) {
        HttpRequest request = HttpRequest.newBuilder(session.endpoint())
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(config.callTimeout())
                .header("Content-Type", SchedulerConnection.PROTOBUF)
                .header("Accept", SchedulerConnection.PROTOBUF)
                .header(SchedulerConnection.STREAM_ID, session.streamId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()))
                .build();
        String what = call.getType() + " to " + session.endpoint();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                done.completeExceptionally(new CallException(what + " failed: " + cause, null));
                return;
            }
            int code = response.statusCode();
            if (code == 202 || code == 200) {
                done.complete(null);
            } else if (code == 503 && attempt < ATTEMPTS) {
                retryLater(session, call, attempt, delay, done);
            } else if (code == 307) {
                URI leader = response.headers().firstValue("Location").map(session.endpoint()::resolve)
                        .orElse(null);
                done.completeExceptionally(new CallException(what + " answered 307: the leading master is "
                        + (leader == null ? "unknown" : leader), leader));
            } else {
                String body = response.body() == null ? "" : response.body().strip();
                done.completeExceptionally(new CallException(what + " answered " + code
                        + (body.isEmpty() ? "" : ": " + body), null));
            }
        });
    }

    private void retryLater(Session session, Call call, int attempt, Duration delay, CompletableFuture<Void> done) {
        Duration next = delay.multipliedBy(2).compareTo(config.maxBackoff()) > 0 ? config.maxBackoff()
                : delay.multipliedBy(2);
        try {
            timer.schedule(() -> attempt(session, call, attempt + 1, next, done), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new CallException(call.getType() + " not retried: shutting down", null));
        }
    }

    /** A call Mesos did not take. */
    static final class CallException extends RuntimeException {

        private final transient URI redirect;

        CallException(String message, URI redirect) {
            super(message);
            this.redirect = redirect;
        }

        /** The leading master's endpoint when the call reached a master that no longer leads; null otherwise. */
        URI redirect() {
            return redirect;
        }
    }
}
