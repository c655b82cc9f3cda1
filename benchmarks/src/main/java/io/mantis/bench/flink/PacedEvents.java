package io.mantis.bench.flink;

import io.mantis.bench.common.Keys;
import io.mantis.bench.common.Pacer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * Turns the sequence source's numbers into events (key, {@code System.nanoTime()} at creation), chained to
 * the source so creation happens as the source emits. Each parallel instance paces its own share at
 * {@code rate / parallelism}.
 */
final class PacedEvents extends RichMapFunction<Long, Tuple2<String, Long>> {

    private final int keyCount;
    private final double ratePerInstance;
    private transient Keys keys;
    private transient Pacer pacer;
    private transient long emitted;

    PacedEvents(int keyCount, double ratePerInstance) {
        this.keyCount = keyCount;
        this.ratePerInstance = ratePerInstance;
    }

    @Override
    public void open(OpenContext openContext) {
        keys = new Keys(keyCount);
        pacer = new Pacer(ratePerInstance);
    }

    @Override
    public Tuple2<String, Long> map(Long eventNumber) {
        pacer.awaitTurn(emitted++);
        return Tuple2.of(keys.forEvent(eventNumber), System.nanoTime());
    }
}
