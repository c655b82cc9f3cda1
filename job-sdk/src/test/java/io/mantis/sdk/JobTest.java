package io.mantis.sdk;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactivex.rxjava3.core.Flowable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobTest {

    private static final Source<String> WORDS = ctx -> Flowable.just("a", "b");
    private static final ParameterDefinition<Integer> RATE = ParameterDefinition.ofInt("rate").withDefault(10);

    @Test
    void buildsAJobWithItsPartsAndStagesInOrder() {
        JobLifecycle hooks = new JobLifecycle() { };
        Sink<Integer> sink = Sink.discard();
        Stage<String, Integer> length = Stage.scalar("length", (ctx, in) -> in.map(String::length));

        Job<Integer> job = Job.named("word-length")
                .describedAs("lengths of words")
                .parameter(RATE)
                .lifecycle(hooks)
                .source(WORDS)
                .stage(upper("upper").withCodec(Codecs.string()))
                .stage(length)
                .sink(sink);

        assertEquals("word-length", job.name());
        assertEquals("lengths of words", job.description());
        assertEquals(List.of(RATE), job.parameters());
        assertSame(hooks, job.lifecycle());
        assertSame(WORDS, job.source());
        assertEquals(List.of("upper", "length"), job.stages().stream().map(Stage::name).toList());
        assertSame(length, job.stages().get(1));
        assertSame(sink, job.sink());
        assertTrue(job.toString().contains("word-length"), job.toString());
    }

    @Test
    void aJobHasNoDescriptionNoParametersAndNoHooksByDefault() throws Exception {
        Job<String> job = Job.named("plain").source(WORDS).stage(upper("upper")).sink(Sink.sse());

        assertEquals("", job.description());
        assertEquals(List.of(), job.parameters());
        assertSame(JobLifecycle.NONE, job.lifecycle());
        JobLifecycle.NONE.open(null);
        JobLifecycle.NONE.close(null);
    }

    @Test
    void aJobIsImmutable() {
        Job<String> job = Job.named("plain").parameter(RATE).source(WORDS).stage(upper("upper")).sink(Sink.sse());

        assertThrows(UnsupportedOperationException.class, () -> job.stages().add(upper("more")));
        assertThrows(UnsupportedOperationException.class, () -> job.parameters().clear());
    }

    @Test
    void aJobWithoutStagesIsRejectedSayingWhereToAddOne() {
        Job.Chain<String> chain = Job.named("empty").source(WORDS);

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> chain.sink(Sink.sse()));

        assertMessage(e, "job 'empty' has no stage", ".stage(...)");
    }

    @Test
    void aJobWithoutSinkIsRejectedListingTheSinks() {
        Job.Chain<String> chain = Job.named("open-end").source(WORDS).stage(upper("upper"));

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> chain.sink(null));

        assertMessage(e, "job 'open-end' has no sink", "Sink.sse()", "Sink.discard()");
    }

    @Test
    void twoStagesWithOneNameAreRejected() {
        Job.Chain<String> chain = Job.named("dup").source(WORDS)
                .stage(upper("same").withCodec(Codecs.string()))
                .stage(upper("same"));

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> chain.sink(Sink.sse()));

        assertMessage(e, "job 'dup'", "two stages named 'same'", "unique");
    }

    @Test
    void aStageThatFeedsAnotherWithoutCodecIsRejectedNamingBothStages() {
        Job.Chain<String> chain = Job.named("no-codec").source(WORDS)
                .stage(upper("first").withCodec(Codecs.string()))
                .stage(upper("split"))
                .stage(upper("count"));

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> chain.sink(Sink.sse()));

        assertMessage(e, "job 'no-codec'", "stage 2 'split'", "stage 3 'count'", "output codec", ".withCodec(...)");
    }

    @Test
    void theLastStageNeedsNoCodecAndAKeyedStageBringsItsOwn() {
        Stage<String, Keyed<String, Long>> keyed = Stage.toKeyed("key", (ctx, in) -> in.map(w -> Keyed.of(w, 1L)),
                Codecs.string(), Codecs.longs());
        Stage<Keyed<String, Long>, String> render = Stage.scalar("render", (ctx, in) -> in.map(Keyed::key));

        Job<String> job = assertDoesNotThrow(() -> Job.named("keyed").source(WORDS).stage(keyed).stage(render)
                .sink(Sink.sse()));

        assertEquals(2, job.stages().size());
    }

    @Test
    void aParameterDeclaredTwiceIsRejectedNamingIt() {
        Job.Builder builder = Job.named("params").parameter(RATE);

        InvalidJobException e = assertThrows(InvalidJobException.class,
                () -> builder.parameter(ParameterDefinition.ofString("rate")));

        assertMessage(e, "job 'params'", "parameter 'rate' twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-lead", "_lead", "has space", "dot.ted", "slash/ed", "ümlaut", "tab\t"})
    void badJobNamesAreRejectedSayingWhatIsAllowed(String name) {
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> Job.named(name));

        assertMessage(e, "job name '" + name + "'", "letters, digits, '-' and '_'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "9lives", "Word-Count_2", "x-"})
    void goodJobNamesAreAccepted(String name) {
        assertEquals(name, Job.named(name).source(WORDS).stage(upper("s")).sink(Sink.sse()).name());
    }

    @Test
    void nullsAreRejectedNamingTheArgument() {
        assertEquals("job name is null", assertThrows(NullPointerException.class, () -> Job.named(null)).getMessage());
        Job.Builder builder = Job.named("n");
        assertThrows(NullPointerException.class, () -> builder.source(null));
        assertThrows(NullPointerException.class, () -> builder.parameter(null));
        assertThrows(NullPointerException.class, () -> builder.lifecycle(null));
        assertThrows(NullPointerException.class, () -> builder.describedAs(null));
        assertThrows(NullPointerException.class, () -> builder.source(WORDS).stage(null));
    }

    @Test
    void aChainCanBeBranchedWithoutTheBranchesSeeingEachOther() {
        Job.Chain<String> base = Job.named("branch").source(WORDS).stage(upper("one").withCodec(Codecs.string()));

        Job<String> longer = base.stage(upper("two")).sink(Sink.sse());
        Job<String> shorter = base.sink(Sink.sse());

        assertEquals(2, longer.stages().size());
        assertEquals(1, shorter.stages().size());
    }

    @Test
    void aChainKeepsTheSourceItWasStartedWith() {
        // A chain's stages are typed by its source's events; a later source(...) on the same builder starts
        // another chain and must not swap the source under this one.
        Source<Integer> numbers = ctx -> Flowable.just(1, 2);
        Job.Builder builder = Job.named("two-sources");
        Job.Chain<String> words = builder.source(WORDS);
        Job.Chain<Integer> ints = builder.source(numbers);

        Job<String> wordJob = words.stage(upper("upper")).sink(Sink.sse());
        Job<Integer> intJob = ints.stage(Stage.<Integer, Integer>scalar("inc", (ctx, in) -> in.map(i -> i + 1)))
                .sink(Sink.sse());

        assertSame(WORDS, wordJob.source());
        assertSame(numbers, intJob.source());
    }

    @Test
    void resolveParametersChecksAgainstTheJobsDefinitions() {
        Job<String> job = Job.named("p").parameter(RATE).source(WORDS).stage(upper("s")).sink(Sink.sse());

        assertEquals(10, job.resolveParameters(Map.of()).get(RATE));
        assertEquals(25, job.resolveParameters(Map.of("rate", "25")).get(RATE));
        assertThrows(InvalidParameterException.class, () -> job.resolveParameters(Map.of("rat", "25")));
    }

    private static Stage<String, String> upper(String name) {
        return Stage.scalar(name, (ctx, in) -> in.map(String::toUpperCase));
    }

    static void assertMessage(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message lacks \"" + part + "\": " + e.getMessage());
        }
    }
}
