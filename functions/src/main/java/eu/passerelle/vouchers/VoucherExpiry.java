package eu.passerelle.vouchers;

import eu.passerelle.privacy.Retention;

import java.time.Clock;
import java.time.LocalDate;

/**
 * The daily expiry run: vouchers expire by date; this marks them, counts them for the
 * coordination and starts their retention clock. It looks back over {@link #LOOKBACK_DAYS} days
 * so that a missed run, or a voucher issued again by a cancelled redemption after its last day,
 * is still marked; marking is idempotent.
 */
public final class VoucherExpiry {

    public static final int LOOKBACK_DAYS = 45;

    private final ExpiryStore store;
    private final Clock clock;

    public VoucherExpiry(ExpiryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** @return how many vouchers this run marked expired */
    public int run() {
        LocalDate today = clock.instant().atZone(ProgrammeRules.ZONE).toLocalDate();
        int marked = 0;
        for (LocalDate day = today.minusDays(LOOKBACK_DAYS); !day.isAfter(today); day = day.plusDays(1)) {
            if (Retention.settledExpiry(day, today)) {
                marked += store.expire(day);
            }
        }
        return marked;
    }
}
