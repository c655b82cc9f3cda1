package io.mantis.master.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

    private static ZonedDateTime utc(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), ZoneOffset.UTC);
    }

    private static List<String> firings(String expression, String from, int count) {
        CronSchedule schedule = CronSchedule.parse(expression);
        List<String> out = new ArrayList<>();
        ZonedDateTime t = utc(from);
        for (int i = 0; i < count; i++) {
            t = schedule.next(t);
            out.add(t.toLocalDateTime().toString());
        }
        return out;
    }

    @ParameterizedTest(name = "{0} after {1} is {2}")
    @CsvSource(delimiter = '|', value = {
            "* * * * *         | 2024-03-10T10:15:00    | 2024-03-10T10:16",
            "* * * * *         | 2024-03-10T10:15:59.9  | 2024-03-10T10:16",
            "30 * * * *        | 2024-03-10T10:30:00    | 2024-03-10T11:30",
            "0 0 * * *         | 2024-12-31T23:59:00    | 2025-01-01T00:00",
            "0 0 31 * *        | 2024-04-01T00:00:00    | 2024-05-31T00:00",
            "0 12 29 2 *       | 2024-03-01T00:00:00    | 2028-02-29T12:00",
            "0 12 29 2 *       | 2023-01-01T00:00:00    | 2024-02-29T12:00",
    })
    void nextIsTheFirstMatchingMinuteStrictlyAfter(String expression, String after, String expected) {
        assertEquals(expected, CronSchedule.parse(expression.trim()).next(utc(after)).toLocalDateTime().toString());
    }

    @Test
    void stepsCountFromTheStartOfTheirRange() {
        assertEquals(List.of("2024-01-01T00:15", "2024-01-01T00:30", "2024-01-01T00:45", "2024-01-01T01:00"),
                firings("*/15 * * * *", "2024-01-01T00:00", 4));
        assertEquals(List.of("2024-01-01T10:05", "2024-01-01T12:05", "2024-01-01T14:05", "2024-01-02T10:05"),
                firings("5 10-14/2 * * *", "2024-01-01T09:00", 4));
        assertEquals(List.of("2024-01-01T00:50", "2024-01-01T00:55", "2024-01-01T01:50"),
                firings("50/5 * * * *", "2024-01-01T00:45", 3));
    }

    @Test
    void listsAndRangesCombine() {
        assertEquals(List.of("2024-01-01T01:00", "2024-01-01T03:00", "2024-01-01T04:00", "2024-01-01T05:00",
                        "2024-01-01T09:00", "2024-01-02T01:00"),
                firings("0 1,3-5,9 * * *", "2024-01-01T00:00", 6));
    }

    @Test
    void bothDayFieldsRestrictedMatchEither() {
        // 2024-06-01 is a Saturday; the 15th and every Monday.
        assertEquals(List.of("2024-06-03T09:00", "2024-06-10T09:00", "2024-06-15T09:00", "2024-06-17T09:00"),
                firings("0 9 15 * MON", "2024-06-01T00:00", 4));
    }

    @Test
    void aStarLedDayFieldLeavesTheOtherInCharge() {
        // Day-of-month '*' : only Mondays.
        assertEquals(List.of("2024-06-03T09:00", "2024-06-10T09:00"), firings("0 9 * * 1", "2024-06-01T00:00", 2));
        // Day-of-week '*/2' starts with '*', so it restricts together with day-of-month (AND), as in Vixie cron:
        // days 1-7 that fall on Sunday, Tuesday, Thursday or Saturday.
        assertEquals(List.of("2024-06-01T09:00", "2024-06-02T09:00", "2024-06-04T09:00", "2024-06-06T09:00",
                        "2024-07-02T09:00"),
                firings("0 9 1-7 * */2", "2024-05-31T00:00", 5));
    }

    @Test
    void sundayIsBothZeroAndSeven() {
        assertEquals(CronSchedule.parse("0 0 * * 0"), CronSchedule.parse("0 0 * * 7"));
        assertEquals(CronSchedule.parse("0 0 * * 0"), CronSchedule.parse("0 0 * * sun"));
        // 2024-06-02 is a Sunday: 5-7 is Friday, Saturday, Sunday.
        assertEquals(List.of("2024-06-07T00:00", "2024-06-08T00:00", "2024-06-09T00:00", "2024-06-14T00:00"),
                firings("0 0 * * 5-7", "2024-06-03T00:00", 4));
    }

    @Test
    void namesAreCaseInsensitiveAndWorkInRanges() {
        assertEquals(List.of("2024-06-03T08:30", "2024-06-07T08:30", "2024-06-10T08:30"),
                firings("30 8 * JUN-aug mon,Fri", "2024-06-01T00:00", 3));
        assertEquals(List.of("2024-12-01T00:00", "2025-01-01T00:00", "2025-12-01T00:00"),
                firings("0 0 1 jan,DEC *", "2024-02-01T00:00", 3));
    }

    @Test
    void monthEndsSkipShortMonths() {
        assertEquals(List.of("2024-01-31T00:00", "2024-03-31T00:00", "2024-05-31T00:00", "2024-07-31T00:00"),
                firings("0 0 31 * *", "2024-01-01T00:00", 4));
        assertEquals(List.of("2023-01-30T00:00", "2023-03-30T00:00"), firings("0 0 30 * *", "2023-01-01T00:00", 2));
    }

    @Test
    void leapDaysFireOnlyInLeapYears() {
        assertEquals(List.of("2024-02-29T00:00", "2028-02-29T00:00", "2032-02-29T00:00"),
                firings("0 0 29 2 *", "2021-06-01T00:00", 3));
        // 2100 is not a leap year.
        assertEquals("2104-02-29T00:00",
                CronSchedule.parse("0 0 29 2 *").next(utc("2096-03-01T00:00")).toLocalDateTime().toString());
    }

    @Test
    void macrosExpand() {
        assertEquals(CronSchedule.parse("0 * * * *"), CronSchedule.parse("@hourly"));
        assertEquals(CronSchedule.parse("0 0 1 1 *"), CronSchedule.parse(" @Yearly "));
        assertEquals(List.of("2024-06-02T00:00"), firings("@weekly", "2024-06-01T00:00", 1));
    }

    @Test
    void keepsTheZoneAndSkipsTimesLostToDaylightSaving() {
        ZoneId newYork = ZoneId.of("America/New_York");
        CronSchedule at0230 = CronSchedule.parse("30 2 * * *");
        // 2024-03-10 02:30 does not exist in New York.
        ZonedDateTime next = at0230.next(ZonedDateTime.of(2024, 3, 10, 0, 0, 0, 0, newYork));
        assertEquals(ZonedDateTime.of(2024, 3, 11, 2, 30, 0, 0, newYork), next);
        // 2024-11-03 01:30 happens twice; it fires once.
        CronSchedule at0130 = CronSchedule.parse("30 1 * * *");
        ZonedDateTime first = at0130.next(ZonedDateTime.of(2024, 11, 3, 0, 0, 0, 0, newYork));
        assertEquals("2024-11-03T01:30-04:00[America/New_York]", first.toString());
        assertEquals("2024-11-04T01:30-05:00[America/New_York]", at0130.next(first).toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "0 25 * * *      | cron field 'hour' value 25 is outside 0-23",
            "60 * * * *      | cron field 'minute' value 60 is outside 0-59",
            "0 0 0 * *       | cron field 'day-of-month' value 0 is outside 1-31",
            "0 0 * 13 *      | cron field 'month' value 13 is outside 1-12",
            "0 0 * * 8       | cron field 'day-of-week' value 8 is outside 0-7",
            "0 0 * * MOX     | cron field 'day-of-week' value 'MOX' in 'MOX' is not a number or one of SUN",
            "0 5-2 * * *     | cron field 'hour' range '5-2' runs backwards",
            "*/0 * * * *     | cron field 'minute' step 0 in '*/0' is outside 1-59",
            "0 1,,2 * * *    | cron field 'hour' '1,,2' has an empty list item",
            "0 -3 * * *      | cron field 'hour' '-3' is missing a value",
            "0 0 * *         | has 4 fields; expected 5: minute hour day-of-month month day-of-week",
            "0 0 30 2 *      | never fires",
            "@often          | cron macro '@often' is unknown",
    })
    void rejectsBadExpressionsNamingTheFieldAndValue(String expression, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CronSchedule.parse(expression.trim()));
        assertTrue(e.getMessage().contains(message.trim()), e.getMessage());
    }

    @Test
    void rejectsEmpty() {
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse(" "));
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse(null));
    }

    @Test
    void aDayFieldOnlyAWeekdayCanReachStillFires() {
        // 30 February never comes, but with a weekday restriction too the OR rule fires on Mondays in February.
        assertEquals(List.of("2025-02-03T00:00"), firings("0 0 30 2 MON", "2025-01-01T00:00", 1));
    }
}
