package io.mantis.master.cluster;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/** One of the five fields of a cron expression: its range, optional names, and how to parse its text. */
enum CronField {
    MINUTE("minute", 0, 59, List.of()),
    HOUR("hour", 0, 23, List.of()),
    DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
    MONTH("month", 1, 12,
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
    // 7 is accepted as Sunday too; CronSchedule folds it onto 0.
    DAY_OF_WEEK("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

    private final String label;
    private final int min;
    private final int max;
    /** Names in order, the first standing for {@link #min} (or 0 for day-of-week). */
    private final List<String> names;

    CronField(String label, int min, int max, List<String> names) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.names = names;
    }

    /**
     * The values {@code text} selects, as set bits.
     *
     * @throws IllegalArgumentException naming this field and the offending value
     */
    BitSet parse(String text) {
        BitSet values = new BitSet(max + 1);
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                throw error("'" + text + "' has an empty list item; separate values with single commas");
            }
            parseItem(item, values);
        }
        return values;
    }

    private void parseItem(String item, BitSet values) {
        String range = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            step = number(item.substring(slash + 1), item);
            if (step < 1 || step > max) {
                throw error("step " + step + " in '" + item + "' is outside 1-" + max);
            }
        }
        int from;
        int to;
        if (range.equals("*")) {
            from = min;
            to = max;
        } else {
            int dash = range.indexOf('-');
            if (dash >= 0) {
                from = value(range.substring(0, dash), item);
                to = value(range.substring(dash + 1), item);
                if (from > to) {
                    throw error("range '" + range + "' runs backwards; write the smaller value first");
                }
            } else {
                from = value(range, item);
                // "a/n" means from a to the end of the field, every n.
                to = slash >= 0 ? max : from;
            }
        }
        for (int v = from; v <= to; v += step) {
            values.set(v);
        }
    }

    private int value(String token, String item) {
        if (token.isEmpty()) {
            throw error("'" + item + "' is missing a value");
        }
        int index = names.indexOf(token.toUpperCase(Locale.ROOT));
        int v = index >= 0 ? index + (this == MONTH ? 1 : 0) : number(token, item);
        if (v < min || v > max) {
            throw error("value " + v + " is outside " + min + "-" + max);
        }
        return v;
    }

    private int number(String token, String item) {
        if (token.isEmpty() || token.length() > 9 || !token.chars().allMatch(Character::isDigit)) {
            String hint = names.isEmpty() ? "a number" : "a number or one of " + String.join(" ", names);
            throw error("value '" + token + "' in '" + item + "' is not " + hint);
        }
        return Integer.parseInt(token);
    }

    private IllegalArgumentException error(String detail) {
        return new IllegalArgumentException("cron field '" + label + "' " + detail);
    }
}
