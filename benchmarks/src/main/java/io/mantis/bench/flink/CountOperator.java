package io.mantis.bench.flink;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Running count per key in Flink keyed state ({@code ValueState<Long>} on the default heap backend), emitting
 * (key, count, createdNanos) per event, as a KeyedProcessFunction would.
 *
 * <p>It is an operator rather than a KeyedProcessFunction for one reason: at end of input it can walk every
 * key in its state backend and report the sum of the final counts to {@link FlinkResults}, which is the loss
 * check the other systems do over their HashMap. Per event it does the same work a process function does.
 */
final class CountOperator extends AbstractStreamOperator<Tuple3<String, Long, Long>>
        implements OneInputStreamOperator<Tuple2<String, Long>, Tuple3<String, Long, Long>>, BoundedOneInput {

    private static final String STATE = "count";

    private transient ValueState<Long> count;

    CountOperator() {
        // Chain with the sink, as a process function followed by a sink would be.
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    public void open() throws Exception {
        super.open();
        count = getPartitionedState(new ValueStateDescriptor<>(STATE, Types.LONG));
    }

    @Override
    public void processElement(StreamRecord<Tuple2<String, Long>> element) throws Exception {
        Tuple2<String, Long> event = element.getValue();
        Long previous = count.value();
        long next = previous == null ? 1 : previous + 1;
        count.update(next);
        output.collect(element.replace(Tuple3.of(event.f0, next, event.f1)));
    }

    @Override
    public void endInput() throws Exception {
        List<String> keys = getKeyedStateBackend().<VoidNamespace>getKeys(STATE, VoidNamespace.INSTANCE)
                .map(k -> (String) k)
                .collect(Collectors.toList());
        long sum = 0;
        for (String key : keys) {
            setCurrentKey(key);
            Long c = count.value();
            sum += c == null ? 0 : c;
        }
        FlinkResults.addCounts(sum, keys.size());
    }
}
