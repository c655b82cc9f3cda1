package io.mantis.cli.mesos;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A bare Mesos v1 scheduler client for testing the fake master: protobuf over the JDK's HttpClient, the event
 * stream read on a thread of its own. It follows the protocol only as far as each test tells it to.
 */
final class RawScheduler implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private final Set<Event> taken = Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile InputStream stream;
    private volatile boolean ended;
    String streamId;
    String frameworkId;

    RawScheduler(URI master) {
        this.endpoint = master.resolve(SchedulerApi.PATH);
    }

    static FrameworkInfo.Builder framework() {
        return FrameworkInfo.newBuilder().setUser(System.getProperty("user.name")).setName("raw-test")
                .setFailoverTimeout(3600);
    }

    /** SUBSCRIBEs and waits for SUBSCRIBED; {@code info} carries the framework id when re-subscribing. */
    RawScheduler subscribe(FrameworkInfo info) throws Exception {
        Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
        if (info.hasId()) {
            call.setFrameworkId(info.getId());
        }
        HttpResponse<InputStream> response = http.send(request(call.build(), null)
                .header("Accept", SchedulerApi.PROTOBUF).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new AssertionError("SUBSCRIBE answered " + response.statusCode() + ": "
                    + new String(response.body().readAllBytes()));
        }
        streamId = response.headers().firstValue("Mesos-Stream-Id")
                .orElseThrow(() -> new AssertionError("SUBSCRIBE answer has no Mesos-Stream-Id"));
        stream = response.body();
        Thread reader = new Thread(this::read, "raw-scheduler-events");
        reader.setDaemon(true);
        reader.start();
        Event subscribed = await("SUBSCRIBED", e -> e.getType() == Event.Type.SUBSCRIBED, Duration.ofSeconds(10));
        frameworkId = subscribed.getSubscribed().getFrameworkId().getValue();
        return this;
    }

    private void read() {
        try {
            byte[] record;
            while ((record = RecordIo.read(stream)) != null) {
                events.add(Event.parseFrom(record));
            }
        } catch (IOException e) {
            // the stream was closed by either side: `ended` tells the tests
        } finally {
            ended = true;
        }
    }

    boolean streamEnded() {
        return ended;
    }

    /** Posts a call with this client's stream id; returns the HTTP status and keeps the body for messages. */
    int call(Call call) throws Exception {
        return call(call, streamId).statusCode();
    }

    HttpResponse<String> call(Call call, String withStreamId) throws Exception {
        return http.send(request(call, withStreamId).build(), HttpResponse.BodyHandlers.ofString());
    }

    Call.Builder newCall(Call.Type type) {
        return Call.newBuilder().setType(type).setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId));
    }

    int acknowledge(TaskStatus status) throws Exception {
        return call(newCall(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                .setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid())).build());
    }

    private HttpRequest.Builder request(Call call, String withStreamId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Content-Type", SchedulerApi.PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()));
        if (withStreamId != null) {
            b.header("Mesos-Stream-Id", withStreamId);
        }
        return b;
    }

    /** The first event matching {@code match} that no earlier await returned. */
    Event await(String what, Predicate<Event> match, Duration timeout) {
        return FakeMesosMaster.await(what, timeout, () -> {
            synchronized (events) {
                for (Event e : events) {
                    if (!taken.contains(e) && match.test(e)) {
                        taken.add(e);
                        return Optional.of(e);
                    }
                }
                return Optional.empty();
            }
        });
    }

    TaskStatus awaitUpdate(String taskId, org.apache.mesos.v1.Protos.TaskState state, Duration timeout) {
        try {
            return await("UPDATE " + taskId + " " + state, e -> e.getType() == Event.Type.UPDATE
                    && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
                    && e.getUpdate().getStatus().getState() == state, timeout).getUpdate().getStatus();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; updates seen: " + updates(), e);
        }
    }

    List<String> updates() {
        synchronized (events) {
            return events.stream().filter(e -> e.getType() == Event.Type.UPDATE)
                    .map(e -> e.getUpdate().getStatus().getTaskId().getValue() + ":"
                            + e.getUpdate().getStatus().getState() + ":" + e.getUpdate().getStatus().getMessage())
                    .toList();
        }
    }

    /** Every offer received so far, in order. */
    List<org.apache.mesos.v1.Protos.Offer> offers() {
        synchronized (events) {
            return events.stream().filter(e -> e.getType() == Event.Type.OFFERS)
                    .flatMap(e -> e.getOffers().getOffersList().stream()).toList();
        }
    }

    /** Whether an event matching {@code match} has arrived so far (taken or not). */
    boolean seen(Predicate<Event> match) {
        synchronized (events) {
            return events.stream().anyMatch(match);
        }
    }

    /** Closes the subscription stream, as a scheduler that goes away does. */
    @Override
    public void close() {
        try {
            if (stream != null) {
                stream.close();
            }
        } catch (IOException e) {
            // already broken
        }
    }
}
