package eu.passerelle.privacy;

import eu.passerelle.evaluation.Evaluation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;

/**
 * How long Passerelle keeps what it holds (README, privacy and retention).
 * <ul>
 *   <li>kept questionnaire answers: a year after the parent saved them (already TTL'd);</li>
 *   <li>an unused voucher (expired or returned): until {@link #GRACE} after its last day, time for
 *       a parent or provider to ask about it, then DynamoDB's TTL deletes it;</li>
 *   <li>payment records (ledger entries, redemptions, statements): {@link #PAYMENT_RECORDS} after
 *       the payment, the accounting period of the French Code de commerce (art. L123-22); they
 *       name vouchers, never parents.</li>
 * </ul>
 */
public final class Retention {

    public static final Period GRACE = Period.ofDays(90);
    public static final Period PAYMENT_RECORDS = Period.ofYears(10);

    private Retention() {
    }

    /** When an unused voucher may be deleted: the end of its grace period. */
    public static Instant unusedVoucherDeleteAfter(LocalDate expiresOn) {
        return expiresOn.plus(GRACE).plusDays(1).atStartOfDay(Evaluation.ZONE).toInstant();
    }

    /** When a payment record may be deleted. */
    public static Instant paymentRecordDeleteAfter(Instant paidAt) {
        return paidAt.atZone(Evaluation.ZONE).plus(PAYMENT_RECORDS).toInstant();
    }

    /** Whether an unused voucher past its last day is far enough past it to count as expired for good. */
    public static boolean settledExpiry(LocalDate expiresOn, LocalDate today) {
        // Two days after the last day: a session declared on the last day has been applied by then.
        return today.isAfter(expiresOn.plusDays(1));
    }
}
