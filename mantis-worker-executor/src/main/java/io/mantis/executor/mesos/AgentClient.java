package io.mantis.executor.mesos;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * The agent's executor API ({@code POST /api/v1/executor}) over HTTP/1.1 with protobuf bodies. SUBSCRIBE answers
 * with a stream that stays open; every other call is a short request answered 202. Thread-safe.
 */
final class AgentClient {

    private static final String PROTOBUF = "application/x-protobuf";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final HttpClient http;

    AgentClient(URI endpoint, Duration connectTimeout) {
        this.endpoint = endpoint;
        // HTTP/1.1 only: the JDK would otherwise offer an h2c upgrade, which libprocess does not speak.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .build();
    }

    /**
     * Sends a SUBSCRIBE call and returns the body of a 200 answer: the RecordIO event stream, open until the agent
     * (or {@link InputStream#close()}) ends it. Blocks until the answer's headers arrive.
     *
     * @throws IOException when the agent cannot be reached or answers anything but 200 (the status and its body
     *                     are in the message)
     */
    InputStream subscribe(Call subscribe) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request(subscribe).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(2048), StandardCharsets.UTF_8);
            }
            throw new IOException("SUBSCRIBE to " + endpoint + " answered " + response.statusCode() + ": " + body);
        }
        return response.body();
    }

    /**
     * Sends any other call and waits for its answer.
     *
     * @throws IOException when the agent cannot be reached or does not answer 202
     */
    void send(Call call) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(call).timeout(CALL_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IOException(call.getType() + " to " + endpoint + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    private HttpRequest.Builder request(Call call) {
        return HttpRequest.newBuilder(endpoint)
                .header("Content-Type", PROTOBUF)
                .header("Accept", PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()));
    }
}
