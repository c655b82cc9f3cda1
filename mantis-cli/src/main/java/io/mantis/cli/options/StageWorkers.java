package io.mantis.cli.options;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A {@code --workers STAGE=N}: stage numbers start at 1; a stage has at least one worker. */
public record StageWorkers(int stage, int workers) {

    public static StageWorkers parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new TypeConversionException("'" + text + "' is not STAGE=N; write e.g. --workers 2=3 "
                    + "for three workers in stage 2");
        }
        int stage = number(text, text.substring(0, eq), "stage");
        int workers = number(text, text.substring(eq + 1), "worker count");
        if (stage < 1) {
            throw new TypeConversionException("'" + text + "': stages are numbered from 1");
        }
        if (workers < 1) {
            throw new TypeConversionException("'" + text + "': a stage needs at least 1 worker");
        }
        return new StageWorkers(stage, workers);
    }

    private static int number(String whole, String part, String what) {
        try {
            return Integer.parseInt(part.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + whole + "': " + what + " '" + part + "' is not a whole number; "
                    + "write e.g. --workers 2=3");
        }
    }

    /** Stage number to worker count, in stage order; a stage given twice keeps its last count. Null if none. */
    public static Map<Integer, Integer> toMap(List<StageWorkers> list) {
        if (list == null || list.isEmpty()) {
            return null;
        }
        Map<Integer, Integer> map = new TreeMap<>();
        for (StageWorkers sw : list) {
            map.put(sw.stage(), sw.workers());
        }
        return map;
    }

    /** For picocli. */
    public static final class Converter implements ITypeConverter<StageWorkers> {
        @Override
        public StageWorkers convert(String value) {
            return parse(value);
        }
    }
}
