package io.mantis.master.resources.mesos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import org.apache.mesos.v1.master.Protos.Call;

/**
 * Posts operator API calls to the leading Mesos master: {@code POST http://<leader>/api/v1} with a protobuf
 * {@code master.Call}, {@code Content-Type} and {@code Accept} {@code application/x-protobuf}. The leader comes from
 * the same {@link LeaderFinder} rules as the scheduler's subscription; a master that does not answer is skipped for
 * the next one, and a {@code 307} from a non-leading master is followed once.
 *
 * <p>Blocking; thread-safe (the finder is). Never throws for an answer: any status comes back as an {@link Answer}.
 */
final class OperatorClient {

    static final String PATH = "/api/v1";
    private static final String PROTOBUF = "application/x-protobuf";

    /** What the master answered; {@code body} is the raw bytes (a {@code master.Response} on 200 for GET calls). */
    record Answer(int status, byte[] body) {

        boolean ok() {
            return status == 200 || status == 202;
        }

        /** The body as text, for log lines; at most 300 characters. */
        String text() {
            String s = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
            return s.length() > 300 ? s.substring(0, 300) + "..." : s;
        }
    }

    /** No master could be reached (or ZooKeeper named none). */
    static final class UnreachableException extends Exception {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final LeaderFinder finder;
    private final HttpClient http;
    private final Duration timeout;
    private final int attempts;

    /** @param attempts masters tried in turn before giving up (at least 1) */
    OperatorClient(LeaderFinder finder, HttpClient http, Duration timeout, int attempts) {
        this.finder = Objects.requireNonNull(finder, "finder is null");
        this.http = Objects.requireNonNull(http, "http is null");
        this.timeout = Objects.requireNonNull(timeout, "timeout is null");
        this.attempts = Math.max(1, attempts);
    }

    /**
     * Sends {@code call} to the leading master and returns its answer.
     *
     * @throws UnreachableException when no master answered within the attempts
     * @throws InterruptedException when interrupted while waiting for an answer
     */
    Answer send(Call call) throws UnreachableException, InterruptedException {
        Exception last = null;
        for (int i = 0; i < attempts; i++) {
            URI scheduler;
            try {
                scheduler = finder.leader();
            } catch (IllegalStateException e) {
                last = e;
                continue;
            }
            URI operator = scheduler.resolve(PATH);
            try {
                Answer answer = post(operator, call);
                if (answer.status() == 307) {
                    // A non-leading master names the leader as //host:port/api/v1 (no scheme).
                    URI leader = locationOf(operator, answer);
                    if (leader != null) {
                        return post(leader, call);
                    }
                }
                return answer;
            } catch (IOException e) {
                last = e;
                finder.failed(scheduler);
            }
        }
        throw new UnreachableException(call.getType() + ": no Mesos master answered after " + attempts
                + " attempt(s): " + last, last);
    }

    private Answer post(URI endpoint, Call call) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).version(HttpClient.Version.HTTP_1_1).timeout(timeout)
                .header("Content-Type", PROTOBUF).header("Accept", PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray())).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body() == null ? new byte[0] : response.body();
        Answer answer = new Answer(response.statusCode(), body);
        if (answer.status() == 307) {
            return new Answer(307, response.headers().firstValue("Location").orElse("").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return answer;
    }

    private static URI locationOf(URI asked, Answer redirect) {
        String location = new String(redirect.body(), java.nio.charset.StandardCharsets.UTF_8).strip();
        if (location.isEmpty()) {
            return null;
        }
        URI to = asked.resolve(location);
        return to.getPath() == null || to.getPath().isEmpty() ? to.resolve(PATH) : to;
    }
}
