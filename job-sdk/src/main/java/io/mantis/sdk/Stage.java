package io.mantis.sdk;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.flowables.GroupedFlowable;
import java.util.Objects;

/**
 * One step of a job: user code that turns a {@code Flowable<T>} into a {@code Flowable<R>}, run by
 * {@link #workers()} workers. Immutable; each {@code with...} setter returns a copy.
 *
 * <p>Kinds:
 * <ul>
 *   <li>{@link #scalar}: output events go round-robin to the next stage's workers.</li>
 *   <li>{@link #toKeyed}: output events are {@link Keyed}; every event of one key goes to the same worker
 *       of the next stage (consistent hashing over the key's encoded bytes).</li>
 *   <li>{@link #perKey}: a stage that consumes keyed events one key at a time, as RxJava groups.</li>
 * </ul>
 *
 * <p>A stage that feeds another needs an output {@link Codec}; the last stage's output goes to the sink.
 * By default a stage is lossless: when the next stage is slow, it waits. {@link #lossy()} makes it drop
 * and count instead, for telemetry that must never slow its source.
 */
public final class Stage<T, R> {

    private final String name;
    private final StageFunction<T, R> function;
    private final Codec<R> codec;
    private final Codec<?> keyCodec;
    private final int workers;
    private final MachineDefinition machine;
    private final boolean lossy;

    private Stage(String name, StageFunction<T, R> function, Codec<R> codec, Codec<?> keyCodec, int workers,
                  MachineDefinition machine, boolean lossy) {
        this.name = name;
        this.function = function;
        this.codec = codec;
        this.keyCodec = keyCodec;
        this.workers = workers;
        this.machine = machine;
        this.lossy = lossy;
    }

    /** A stage whose output is routed round-robin (preferring workers that have credit). */
    public static <T, R> Stage<T, R> scalar(String name, StageFunction<T, R> function) {
        checkName(name);
        Objects.requireNonNull(function, "function is null");
        return new Stage<>(name, function, null, null, 1, MachineDefinition.DEFAULT, false);
    }

    /**
     * A stage whose output is keyed: the next stage receives each key's events on exactly one of its
     * workers. The output codec is {@link Codecs#keyed(Codec, Codec)} of the two codecs given.
     */
    public static <T, K, V> Stage<T, Keyed<K, V>> toKeyed(String name, StageFunction<T, Keyed<K, V>> function,
                                                          Codec<K> keyCodec, Codec<V> valueCodec) {
        checkName(name);
        Objects.requireNonNull(function, "function is null");
        Objects.requireNonNull(keyCodec, "keyCodec is null");
        Objects.requireNonNull(valueCodec, "valueCodec is null");
        return new Stage<>(name, function, Codecs.keyed(keyCodec, valueCodec), keyCodec, 1,
                MachineDefinition.DEFAULT, false);
    }

    /**
     * A stage after a keyed one that handles each key as its own RxJava group. Convenient, but every
     * group costs an operator chain: for many keys and high rates, prefer {@link #scalar} over the
     * {@code Flowable<Keyed<K, V>>} with a map keyed by {@link Keyed#key()}.
     */
    public static <K, V, R> Stage<Keyed<K, V>, R> perKey(String name, PerKeyFunction<K, V, R> function) {
        Objects.requireNonNull(function, "function is null");
        return scalar(name, (ctx, in) -> in
                .groupBy(Keyed::key, Keyed::value)
                .flatMap(group -> function.apply(ctx, group), Integer.MAX_VALUE));
    }

    /** User code of a {@link #perKey} stage; called once per key as it first appears. */
    @FunctionalInterface
    public interface PerKeyFunction<K, V, R> {
        Flowable<R> apply(Context context, GroupedFlowable<K, V> group) throws Exception;
    }

    public Stage<T, R> withCodec(Codec<R> outputCodec) {
        Objects.requireNonNull(outputCodec, "outputCodec is null");
        if (keyCodec != null) {
            throw new IllegalStateException("stage '" + name + "' is keyed; its codec comes from toKeyed(...)");
        }
        return new Stage<>(name, function, outputCodec, null, workers, machine, lossy);
    }

    public Stage<T, R> withWorkers(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("stage '" + name + "': worker count must be at least 1, was " + count);
        }
        return new Stage<>(name, function, codec, keyCodec, count, machine, lossy);
    }

    public Stage<T, R> withMachine(MachineDefinition definition) {
        Objects.requireNonNull(definition, "machine definition is null");
        return new Stage<>(name, function, codec, keyCodec, workers, definition, lossy);
    }

    /** Drop (and count) output events when the next stage has no credit, instead of waiting. */
    public Stage<T, R> lossy() {
        return new Stage<>(name, function, codec, keyCodec, workers, machine, true);
    }

    public String name() {
        return name;
    }

    public StageFunction<T, R> function() {
        return function;
    }

    /** The output codec, or null when none was set. */
    public Codec<R> codec() {
        return codec;
    }

    /** True when the output is {@link Keyed} and routed by key. */
    public boolean isKeyed() {
        return keyCodec != null;
    }

    /** The codec of the output's keys, or null for a scalar stage. */
    public Codec<?> keyCodec() {
        return keyCodec;
    }

    public int workers() {
        return workers;
    }

    public MachineDefinition machine() {
        return machine;
    }

    public boolean isLossy() {
        return lossy;
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "stage name is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("stage name must not be blank");
        }
    }

    @Override
    public String toString() {
        return "Stage[" + name + (isKeyed() ? ", keyed" : "") + ", workers=" + workers + (lossy ? ", lossy" : "") + "]";
    }
}
