package io.mantis.sdk;

import static io.mantis.sdk.JobTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactivex.rxjava3.core.Flowable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StageTest {

    private static final StageFunction<String, String> UPPER = (ctx, in) -> in.map(String::toUpperCase);
    private static final MachineDefinition BIG = MachineDefinition.of(4, 8192, 1000, 10_000);

    @Test
    void aScalarStageStartsWithOneDefaultWorkerLosslessAndWithoutCodec() {
        Stage<String, String> stage = Stage.scalar("upper", UPPER);

        assertEquals("upper", stage.name());
        assertSame(UPPER, stage.function());
        assertEquals(1, stage.workers());
        assertEquals(MachineDefinition.DEFAULT, stage.machine());
        assertFalse(stage.isLossy());
        assertFalse(stage.isKeyed());
        assertNull(stage.codec());
        assertNull(stage.keyCodec());
    }

    @Test
    void aKeyedStageCarriesAKeyedCodecBuiltFromItsTwoCodecs() {
        Codec<String> keys = Codecs.string();
        Stage<String, Keyed<String, Long>> stage = Stage.toKeyed("count", (ctx, in) -> in.map(w -> Keyed.of(w, 1L)),
                keys, Codecs.longs());

        assertTrue(stage.isKeyed());
        assertSame(keys, stage.keyCodec());
        assertEquals("Keyed<String, Long>", stage.codec().typeName());
        assertTrue(stage.toString().contains("keyed"), stage.toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void fewerThanOneWorkerIsRejectedNamingTheStageAndTheCount(int count) {
        Stage<String, String> stage = Stage.scalar("split", UPPER);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stage.withWorkers(count));

        assertMessage(e, "stage 'split'", "at least 1", "was " + count);
    }

    @Test
    void withCodecOnAKeyedStageIsRejectedNamingTheStage() {
        Stage<String, Keyed<String, Long>> stage = Stage.toKeyed("count", (ctx, in) -> in.map(w -> Keyed.of(w, 1L)),
                Codecs.string(), Codecs.longs());
        Codec<Keyed<String, Long>> other = Codecs.keyed(Codecs.string(), Codecs.longs());

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> stage.withCodec(other));

        assertMessage(e, "stage 'count' is keyed", "toKeyed(...)");
    }

    @Test
    void withersReturnCopiesAndLeaveTheOriginalUnchanged() {
        Stage<String, String> original = Stage.scalar("upper", UPPER);

        Stage<String, String> workers = original.withWorkers(3);
        Stage<String, String> machine = original.withMachine(BIG);
        Stage<String, String> lossy = original.lossy();
        Stage<String, String> codec = original.withCodec(Codecs.string());

        for (Stage<String, String> copy : List.of(workers, machine, lossy, codec)) {
            assertNotSame(original, copy);
            assertEquals("upper", copy.name());
            assertSame(UPPER, copy.function());
        }
        assertEquals(1, original.workers());
        assertEquals(MachineDefinition.DEFAULT, original.machine());
        assertFalse(original.isLossy());
        assertNull(original.codec());
        assertEquals(3, workers.workers());
        assertEquals(BIG, machine.machine());
        assertTrue(lossy.isLossy());
        assertEquals("String", codec.codec().typeName());
    }

    @Test
    void withersKeepEverySettingTheyDoNotChange() {
        Codec<String> codec = Codecs.string();

        Stage<String, String> stage = Stage.scalar("upper", UPPER).withCodec(codec).lossy().withWorkers(4)
                .withMachine(BIG);

        assertSame(codec, stage.codec());
        assertTrue(stage.isLossy());
        assertEquals(4, stage.workers());
        assertEquals(BIG, stage.machine());
    }

    @Test
    void aKeyedStageStaysKeyedThroughItsWithers() {
        Stage<String, Keyed<String, Long>> keyed = Stage.toKeyed("count", (ctx, in) -> in.map(w -> Keyed.of(w, 1L)),
                Codecs.string(), Codecs.longs());

        Stage<String, Keyed<String, Long>> copy = keyed.withWorkers(2).lossy().withMachine(BIG);

        assertTrue(copy.isKeyed());
        assertSame(keyed.codec(), copy.codec());
        assertSame(keyed.keyCodec(), copy.keyCodec());
    }

    @Test
    void blankAndNullNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Stage.scalar(" ", UPPER));
        assertThrows(NullPointerException.class, () -> Stage.scalar(null, UPPER));
        assertThrows(IllegalArgumentException.class,
                () -> Stage.<String, String, String>toKeyed("", (ctx, in) -> in.map(w -> Keyed.of(w, w)),
                        Codecs.string(), Codecs.string()));
        assertThrows(IllegalArgumentException.class,
                () -> Stage.<String, String, String>perKey("\t", (ctx, group) -> group));
    }

    @Test
    void nullArgumentsAreRejected() {
        Stage<String, String> stage = Stage.scalar("upper", UPPER);

        assertThrows(NullPointerException.class, () -> Stage.scalar("s", null));
        assertThrows(NullPointerException.class, () -> stage.withCodec(null));
        assertThrows(NullPointerException.class, () -> stage.withMachine(null));
        assertThrows(NullPointerException.class,
                () -> Stage.<String, String, String>toKeyed("k", null, Codecs.string(), Codecs.string()));
    }

    @Test
    void aPerKeyStageHandsEachKeyItsOwnGroup() throws Exception {
        Stage<Keyed<String, Integer>, Map.Entry<String, Integer>> sums = Stage.perKey("sum",
                (ctx, group) -> group.reduce(0, Integer::sum).map(total -> Map.entry(group.getKey(), total))
                        .toFlowable());
        Flowable<Keyed<String, Integer>> in = Flowable.just(Keyed.of("a", 1), Keyed.of("b", 10), Keyed.of("a", 2));

        List<Map.Entry<String, Integer>> out = sums.function().apply(null, in).toList().blockingGet();

        Map<String, Integer> byKey = new TreeMap<>();
        out.forEach(e -> byKey.put(e.getKey(), e.getValue()));
        assertEquals(Map.of("a", 3, "b", 10), byKey);
        assertEquals(2, out.size());
        assertFalse(sums.isKeyed());
    }
}
