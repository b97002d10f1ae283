package eu.passerelle.local.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleExpressionTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void weeklyCronFollowsParisTimeAcrossDaylightSaving() {
        ScheduleExpression mondaySix = ScheduleExpression.parse("cron(0 6 ? * MON *)", PARIS);
        // 2026-11-23 is a Monday; 06:00 in Paris is 05:00 UTC in winter.
        assertThat(mondaySix.nextAfter(Instant.parse("2026-11-23T04:00:00Z"))).contains(Instant.parse("2026-11-23T05:00:00Z"));
        assertThat(mondaySix.nextAfter(Instant.parse("2026-11-23T05:00:00Z"))).contains(Instant.parse("2026-11-30T05:00:00Z"));
        // and 04:00 UTC in summer.
        assertThat(mondaySix.nextAfter(Instant.parse("2026-06-30T12:00:00Z"))).contains(Instant.parse("2026-07-06T04:00:00Z"));
    }

    @Test
    void awsDayOfWeekNumbersStartOnSunday() {
        ScheduleExpression day2 = ScheduleExpression.parse("cron(30 8 ? * 2 *)", UTC);
        assertThat(day2.nextAfter(Instant.parse("2026-11-22T00:00:00Z"))).contains(Instant.parse("2026-11-23T08:30:00Z"));
    }

    @Test
    void lastDayOfMonthAndNthWeekday() {
        assertThat(ScheduleExpression.parse("cron(0 0 L * ? *)", UTC).nextAfter(Instant.parse("2026-02-10T00:00:00Z")))
                .contains(Instant.parse("2026-02-28T00:00:00Z"));
        // The first Monday of December 2026 is the 7th.
        assertThat(ScheduleExpression.parse("cron(0 9 ? 12 2#1 *)", UTC).nextAfter(Instant.parse("2026-11-23T00:00:00Z")))
                .contains(Instant.parse("2026-12-07T09:00:00Z"));
    }

    @Test
    void rateCountsFromItsFirstUse() {
        ScheduleExpression every5 = ScheduleExpression.parse("rate(5 minutes)", UTC);
        Instant start = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(every5.nextAfter(start)).contains(Instant.parse("2026-11-23T10:05:00Z"));
        assertThat(every5.nextAfter(Instant.parse("2026-11-23T10:07:00Z"))).contains(Instant.parse("2026-11-23T10:10:00Z"));
        assertThat(ScheduleExpression.parse("rate(1 day)", UTC).nextAfter(start)).contains(Instant.parse("2026-11-24T10:00:00Z"));
    }

    @Test
    void oneTimeSchedulesFireOnce() {
        ScheduleExpression at = ScheduleExpression.parse("at(2026-12-01T06:00:00)", PARIS);
        assertThat(at.nextAfter(Instant.parse("2026-11-23T00:00:00Z"))).contains(Instant.parse("2026-12-01T05:00:00Z"));
        assertThat(at.nextAfter(Instant.parse("2026-12-01T05:00:00Z"))).isEmpty();
    }

    @Test
    void malformedExpressionsAreRefused() {
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(1 minutes)", UTC)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(2 minute)", UTC)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(0 hours)", UTC)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 6 * * ?)", UTC)).isInstanceOf(IllegalArgumentException.class);
        // AWS wants one of day-of-month and day-of-week to be '?'.
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 6 * * MON *)", UTC)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScheduleExpression.parse("every monday", UTC)).isInstanceOf(IllegalArgumentException.class);
    }
}
