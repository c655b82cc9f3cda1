package io.mantis.master.cluster;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A five-field cron expression: {@code minute hour day-of-month month day-of-week}, with Vixie cron's meaning.
 *
 * <p>Each field takes {@code *}, a number, a range {@code a-b}, a list {@code a,b,c}, and steps {@code * /n},
 * {@code a-b/n} or {@code a/n} (from a to the field's end). Months may be named JAN-DEC and days SUN-SAT; day-of-week
 * 0 and 7 are both Sunday. When both day fields are restricted (neither starts with {@code *}) a day matches if
 * either does, so {@code 0 9 1 * MON} fires on the 1st and on every Monday. The macros {@code @yearly},
 * {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight} and {@code @hourly} are
 * accepted too.
 *
 * <p>Times are wall-clock times in the zone of the {@link ZonedDateTime} given to {@link #next}: a time skipped by a
 * daylight-saving gap does not fire, and a time repeated by an overlap fires once.
 *
 * <p>Immutable and thread-safe.
 */
public final class CronSchedule {

    /** Long enough for a 29 February that falls on a given weekday (at most 28 years apart) plus slack. */
    private static final int SEARCH_YEARS = 30;

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthStar;
    private final boolean dayOfWeekStar;

    private CronSchedule(String expression, String[] fields) {
        this.expression = expression;
        this.minutes = CronField.MINUTE.parse(fields[0]);
        this.hours = CronField.HOUR.parse(fields[1]);
        this.daysOfMonth = CronField.DAY_OF_MONTH.parse(fields[2]);
        this.months = CronField.MONTH.parse(fields[3]);
        BitSet dow = CronField.DAY_OF_WEEK.parse(fields[4]);
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        this.daysOfWeek = dow;
        this.dayOfMonthStar = fields[2].startsWith("*");
        this.dayOfWeekStar = fields[4].startsWith("*");
    }

    /**
     * Parses an expression such as {@code "0 9-17 * * MON-FRI"}, or a macro such as {@code @daily}.
     *
     * @throws IllegalArgumentException naming the field and the value that is wrong, or when the expression can
     *                                  never fire (such as 30 February)
     */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("cron expression is empty: write five fields, "
                    + "minute hour day-of-month month day-of-week, e.g. '0 * * * *'");
        }
        String trimmed = expression.trim();
        String expanded = trimmed.startsWith("@") ? MACROS.get(trimmed.toLowerCase(Locale.ROOT)) : trimmed;
        if (expanded == null) {
            throw new IllegalArgumentException("cron macro '" + trimmed + "' is unknown: use one of "
                    + "@yearly @annually @monthly @weekly @daily @midnight @hourly");
        }
        String[] fields = expanded.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("cron expression '" + trimmed + "' has " + fields.length
                    + " fields; expected 5: minute hour day-of-month month day-of-week");
        }
        CronSchedule schedule = new CronSchedule(trimmed, fields);
        schedule.checkCanFire();
        return schedule;
    }

    /**
     * The first whole minute strictly after {@code after} that matches, in {@code after}'s zone.
     *
     * @throws NullPointerException when {@code after} is null
     */
    public ZonedDateTime next(ZonedDateTime after) {
        Objects.requireNonNull(after, "after is null");
        LocalDateTime t = after.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDateTime limit = t.plusYears(SEARCH_YEARS);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
            } else if (!dayMatches(t.toLocalDate())) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                ZonedDateTime candidate = atZone(t, after);
                if (candidate != null) {
                    return candidate;
                }
                t = t.plusMinutes(1);
            }
        }
        // checkCanFire() rules this out; reaching it would be a bug, not bad input.
        throw new IllegalStateException("cron expression '" + expression + "' found no time within "
                + SEARCH_YEARS + " years after " + after);
    }

    /** The expression as given to {@link #parse}, trimmed. */
    @Override
    public String toString() {
        return expression;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronSchedule other && minutes.equals(other.minutes) && hours.equals(other.hours)
                && daysOfMonth.equals(other.daysOfMonth) && months.equals(other.months)
                && daysOfWeek.equals(other.daysOfWeek) && dayOfMonthStar == other.dayOfMonthStar
                && dayOfWeekStar == other.dayOfWeekStar;
    }

    @Override
    public int hashCode() {
        return Objects.hash(minutes, hours, daysOfMonth, months, daysOfWeek, dayOfMonthStar, dayOfWeekStar);
    }

    private boolean dayMatches(LocalDate date) {
        boolean dom = daysOfMonth.get(date.getDayOfMonth());
        boolean dow = daysOfWeek.get(date.getDayOfWeek().getValue() % 7);
        // Vixie cron: a '*'-led day field means "no restriction", so the other decides; two restrictions OR.
        return dayOfMonthStar || dayOfWeekStar ? dom && dow : dom || dow;
    }

    /** The wall-clock time in after's zone, or null when a DST gap skips it or it is not after {@code after}. */
    private static ZonedDateTime atZone(LocalDateTime local, ZonedDateTime after) {
        if (after.getZone().getRules().getValidOffsets(local).isEmpty()) {
            return null;
        }
        ZonedDateTime candidate = ZonedDateTime.ofLocal(local, after.getZone(), after.getOffset());
        return candidate.isAfter(after) ? candidate : null;
    }

    /** Rejects day-of-month lists that no selected month reaches, which would otherwise never fire. */
    private void checkCanFire() {
        if (!dayOfWeekStar && !dayOfMonthStar) {
            return; // the weekday list alone fires
        }
        int firstDay = daysOfMonth.nextSetBit(1);
        for (int m = months.nextSetBit(1); m >= 0; m = months.nextSetBit(m + 1)) {
            if (firstDay <= Month.of(m).maxLength()) {
                return;
            }
        }
        throw new IllegalArgumentException("cron expression '" + expression + "' never fires: no selected month has"
                + " day " + firstDay + "; pick a smaller day-of-month or another month");
    }
}
