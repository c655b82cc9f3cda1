package io.mantis.executor.mesos;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * Status updates sent but not yet acknowledged by the agent, in the order they were made. Mesos delivers an
 * update at least once only if the executor keeps it until ACKNOWLEDGED and hands it back on every re-subscribe.
 * Not thread-safe: the owner guards it.
 */
final class PendingUpdates {

    private final Map<ByteString, Call.Update> byUuid = new LinkedHashMap<>();

    /** Gives {@code status} a fresh uuid (16 random bytes, as Mesos's own executors do), keeps it and returns it. */
    Call.Update add(TaskStatus status) {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        Call.Update update = Call.Update.newBuilder()
                .setStatus(status.toBuilder().setUuid(ByteString.copyFrom(bytes.array())))
                .build();
        byUuid.put(update.getStatus().getUuid(), update);
        return update;
    }

    /** Drops the update with {@code uuid}. @return false when no such update was pending (a duplicate ack) */
    boolean acknowledge(ByteString uuid) {
        return byUuid.remove(uuid) != null;
    }

    boolean contains(ByteString uuid) {
        return byUuid.containsKey(uuid);
    }

    List<Call.Update> all() {
        return new ArrayList<>(byUuid.values());
    }

    boolean isEmpty() {
        return byUuid.isEmpty();
    }
}
