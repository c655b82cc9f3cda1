package io.mantis.examples.sinewave;

import io.mantis.examples.Pacer;
import io.mantis.sdk.Codecs;
import io.mantis.sdk.Job;
import io.mantis.sdk.JobProvider;
import io.mantis.sdk.ParameterDefinition;
import io.mantis.sdk.Sink;
import io.mantis.sdk.Stage;
import io.reactivex.rxjava3.core.Flowable;

/**
 * The classic perpetual job: a counter ticking at a fixed rate → points on a sine wave → optionally only the
 * peaks → Server-Sent Events.
 */
public final class SineWaveJob implements JobProvider {

    public static final ParameterDefinition<Long> TICKS_PER_SECOND = ParameterDefinition.ofLong("ticksPerSecond")
            .withDefault(20L)
            .validatedBy(r -> r > 0 && r <= 1_000_000, "must be between 1 and 1000000")
            .describedAs("samples per second");

    public static final ParameterDefinition<Double> AMPLITUDE = ParameterDefinition.ofDouble("amplitude")
            .withDefault(10.0)
            .validatedBy(a -> a > 0, "must be greater than 0")
            .describedAs("height of the wave");

    public static final ParameterDefinition<Double> PEAKS_ABOVE = ParameterDefinition.ofDouble("peaksAbove")
            .withDefault(Double.NEGATIVE_INFINITY)
            .describedAs("emit only points whose y is above this");

    @Override
    public Job<Point> job() {
        return create();
    }

    public static Job<Point> create() {
        return Job.named("sine-wave")
                .describedAs("points on a sine wave, forever")
                .parameter(TICKS_PER_SECOND)
                .parameter(AMPLITUDE)
                .parameter(PEAKS_ABOVE)
                .<Long>source(ctx -> ticks(ctx.parameters().get(TICKS_PER_SECOND)))
                .stage(Stage.<Long, Point>scalar("wave", (ctx, ticks) -> {
                    double amplitude = ctx.parameters().get(AMPLITUDE);
                    return ticks.map(x -> new Point(x, amplitude * Math.sin(x * Math.PI / 16)));
                }).withCodec(Codecs.json(Point.class)))
                .stage(Stage.<Point, Point>scalar("peaks", (ctx, points) -> {
                    double threshold = ctx.parameters().get(PEAKS_ABOVE);
                    return points.filter(p -> p.y() > threshold);
                }))
                .sink(Sink.sse());
    }

    private static Flowable<Long> ticks(long perSecond) {
        return Flowable.generate(() -> new Ticker(new Pacer(perSecond)), (ticker, emitter) -> {
            ticker.pacer.await();
            emitter.onNext(ticker.next++);
        });
    }

    /** One source subscription's state: its pacer and the next tick. */
    private static final class Ticker {
        final Pacer pacer;
        long next;

        Ticker(Pacer pacer) {
            this.pacer = pacer;
        }
    }
}
