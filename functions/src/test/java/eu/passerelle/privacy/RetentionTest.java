package eu.passerelle.privacy;

import eu.passerelle.vouchers.ExpiryStore;
import eu.passerelle.vouchers.VoucherExpiry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionTest {

    @Test
    void anUnusedVoucherIsKeptForTheGracePeriodAfterItsLastDayThenDeleted() {
        Instant deleteAfter = Retention.unusedVoucherDeleteAfter(LocalDate.parse("2026-03-31"));
        // 90 days after 31 March is 29 June; deletable from the start of 30 June, Paris time.
        assertThat(deleteAfter).isEqualTo(Instant.parse("2026-06-29T22:00:00Z"));
    }

    @Test
    void paymentRecordsAreKeptTenYears() {
        assertThat(Retention.paymentRecordDeleteAfter(Instant.parse("2026-01-15T10:00:00Z")))
                .isEqualTo(Instant.parse("2036-01-15T10:00:00Z"));
    }

    @Test
    void theExpiryRunLooksBackButLeavesTheLastTwoDaysToLateRedemptions() {
        List<LocalDate> asked = new ArrayList<>();
        ExpiryStore store = day -> {
            asked.add(day);
            return 1;
        };
        int marked = new VoucherExpiry(store, Clock.fixed(Instant.parse("2026-05-20T01:00:00Z"), ZoneOffset.UTC)).run();
        assertThat(asked).first().isEqualTo(LocalDate.parse("2026-04-05"));
        assertThat(asked).last().isEqualTo(LocalDate.parse("2026-05-18"));
        assertThat(marked).isEqualTo(asked.size()).isEqualTo(VoucherExpiry.LOOKBACK_DAYS - 1);
    }
}
