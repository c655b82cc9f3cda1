package io.mantis.bench.job;

import io.mantis.sdk.Context;
import io.mantis.sdk.Keyed;
import io.reactivex.rxjava3.core.Flowable;
import java.util.HashMap;
import java.util.Map;

/**
 * Stage 2: a running count per key in a plain {@code HashMap<String, long[]>} (one mutable cell per key, so an
 * update is one lookup and no boxing), as the design advises over {@code groupBy} for many keys. After the
 * input completes it emits the map's totals once, so the sink can check that no event was lost or
 * duplicated on the way in.
 */
final class RunningCount {

    private final Map<String, long[]> counts = new HashMap<>();

    private RunningCount() {
    }

    static Flowable<CountOutput> apply(Context ctx, Flowable<Keyed<String, Long>> events) {
        RunningCount state = new RunningCount();
        return events.<CountOutput>map(state::count).concatWith(Flowable.fromCallable(state::totals));
    }

    private CountOutput count(Keyed<String, Long> event) {
        long[] cell = counts.get(event.key());
        if (cell == null) {
            cell = new long[1];
            counts.put(event.key(), cell);
        }
        cell[0]++;
        return new CountOutput.Counted(event.key(), cell[0], event.value());
    }

    private CountOutput totals() {
        long sum = 0;
        for (long[] cell : counts.values()) {
            sum += cell[0];
        }
        return new CountOutput.Totals(sum, counts.size());
    }
}
