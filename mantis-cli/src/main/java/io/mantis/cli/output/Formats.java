package io.mantis.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Small renderings shared by the tables: times, numbers, short hashes. */
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /** Epoch milliseconds in local time, or null for a missing/zero field. */
    public static String time(JsonNode millis) {
        if (millis == null || millis.isNull() || millis.asLong() == 0) {
            return null;
        }
        return TIME.format(Instant.ofEpochMilli(millis.asLong()));
    }

    /** A number without a needless {@code .0}: 4 rather than 4.0, 0.5 stays. */
    public static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.2f", value).replaceAll("0+$", "");
    }

    /** The first 12 characters of a SHA-256, as git shortens hashes; null stays null. */
    public static String shortSha(String sha) {
        return sha == null || sha.length() <= 12 ? sha : sha.substring(0, 12);
    }

    /** A duration as a user would write it for a CLI option: 500ms, 90s, 2m. */
    public static String duration(java.time.Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        return s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
    }

    /** Bytes as B, KiB or MiB. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return number(Math.round(bytes / 102.4) / 10.0) + " KiB";
        }
        return number(Math.round(bytes / (1024 * 102.4)) / 10.0) + " MiB";
    }
}
