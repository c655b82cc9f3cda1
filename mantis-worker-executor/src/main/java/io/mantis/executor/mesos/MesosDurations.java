package io.mantis.executor.mesos;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as a Mesos agent writes them into an executor's environment: {@code 15mins}, {@code 2secs}. */
final class MesosDurations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]+)");
    private static final Map<String, Double> NANOS_PER_UNIT = Map.of(
            "ns", 1d, "us", 1e3, "ms", 1e6, "secs", 1e9, "mins", 60e9, "hrs", 3600e9, "days", 86400e9,
            "weeks", 604800e9);

    private MesosDurations() {
    }

    /**
     * @param name  the variable the value came from, for the error message
     * @throws IllegalArgumentException naming the variable and the value when it is not such a duration
     */
    static Duration parse(String name, String value) {
        Matcher m = FORMAT.matcher(value.strip());
        Double unit = m.matches() ? NANOS_PER_UNIT.get(m.group(2)) : null;
        if (unit == null) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a duration: write a number and one of"
                    + " ns, us, ms, secs, mins, hrs, days, weeks (e.g. 15mins)");
        }
        return Duration.ofNanos(Math.round(Double.parseDouble(m.group(1)) * unit));
    }
}
