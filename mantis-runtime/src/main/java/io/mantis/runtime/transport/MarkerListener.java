package io.mantis.runtime.transport;

/**
 * Receives latency markers in stream order: a marker is delivered after every event that preceded it on
 * its connection has been handed to the stage's user code.
 */
@FunctionalInterface
public interface MarkerListener {

    MarkerListener NONE = originEpochMicros -> { };

    void onMarker(long originEpochMicros);
}
