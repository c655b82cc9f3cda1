package io.mantis.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Reads what {@code KeyedCountJob}'s sink workers wrote: worker index → (key → count). */
final class ResultFiles {

    private ResultFiles() {
    }

    static Map<Integer, Map<String, Long>> read(Path dir) throws IOException {
        Map<Integer, Map<String, Long>> byWorker = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (!name.matches("worker-\\d+\\.txt")) {
                    continue;
                }
                int index = Integer.parseInt(name.substring("worker-".length(), name.length() - ".txt".length()));
                Map<String, Long> counts = new HashMap<>();
                for (String line : Files.readAllLines(f)) {
                    int eq = line.indexOf('=');
                    counts.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
                }
                byWorker.put(index, counts);
            }
        }
        return byWorker;
    }

    /**
     * Checks that every key was counted by exactly one worker and that the counts are exact: {@code events}
     * events over {@code keys} keys, event {@code i} having key {@code i % keys}.
     */
    static void assertExact(Map<Integer, Map<String, Long>> byWorker, int workers, long events, int keys) {
        if (byWorker.size() != workers) {
            throw new AssertionError("expected result files from " + workers + " workers, got " + byWorker.keySet());
        }
        Map<String, Integer> owner = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        byWorker.forEach((worker, counts) -> counts.forEach((key, count) -> {
            Integer previous = owner.put(key, worker);
            if (previous != null) {
                throw new AssertionError("key " + key + " was counted by workers " + previous + " and " + worker);
            }
            total.put(key, count);
        }));
        if (total.size() != keys) {
            throw new AssertionError("expected " + keys + " keys, got " + total.size());
        }
        for (int k = 0; k < keys; k++) {
            long expected = events / keys + (k < events % keys ? 1 : 0);
            Long got = total.get("key-" + k);
            if (got == null || got != expected) {
                throw new AssertionError("key-" + k + ": expected " + expected + " events, counted " + got);
            }
        }
        for (Map<String, Long> counts : byWorker.values()) {
            if (counts.isEmpty()) {
                throw new AssertionError("a worker got no keys at all: " + byWorker.keySet());
            }
        }
    }
}
