package io.mantis.runtime.transport;

/**
 * Receives latency markers in stream order: a marker is delivered after every event that preceded it on
 * its connection has been handed to the stage's user code.
 */
@FunctionalInterface
public interface MarkerListener {

    MarkerListener NONE = originEpochMicros -> { };

    void onMarker(long originEpochMicros);

    /** The clock markers are stamped with and measured against: wall-clock microseconds since the epoch. */
    static long nowEpochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
