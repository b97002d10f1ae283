package eu.passerelle.signals;

import java.time.DayOfWeek;
import java.time.YearMonth;

/**
 * A provider's redeemed sessions in one month, as counted when each redemption applied.
 *
 * @param lastDaySessions sessions held on the voucher's last day of validity
 * @param byWeekday       sessions per day of week, Monday first (7 values)
 */
public record ProviderMonth(String providerId, String department, String service, YearMonth month, long sessions,
                            long lastDaySessions, long[] byWeekday) {

    public ProviderMonth {
        if (byWeekday.length != 7) {
            throw new IllegalArgumentException("seven weekdays");
        }
        byWeekday = byWeekday.clone();
    }

    public long on(DayOfWeek day) {
        return byWeekday[day.getValue() - 1];
    }
}
