package io.mantis.sdk;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Turns a stage's output events into bytes for the hop to the next stage, and back.
 *
 * <p>Contract: {@code decode} must read exactly the bytes {@code encode} wrote for one event. Both are
 * called on the worker's transport threads, one event at a time; a codec must be stateless or
 * thread-safe. Throwing fails the stage, and the error names the stage and {@link #typeName()}.
 * Binary codecs are far cheaper than text ones on this path; see {@link Codecs}.
 */
public interface Codec<T> {

    void encode(T value, DataOutput out) throws IOException;

    T decode(DataInput in) throws IOException;

    /** The type this codec carries, used in error messages. */
    default String typeName() {
        return getClass().getSimpleName();
    }
}
