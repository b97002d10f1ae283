package eu.passerelle.reimbursement;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One entry of a provider's ledger, as the redemption consumer wrote it: a session (sign +1) or
 * the reversal of one (sign -1, {@code reverses} = the sequence it cancels).
 *
 * @param sequence     the entry's number in the provider's ledger (1, 2, 3…: the ingestion order)
 * @param code         the voucher's printed code (what the provider and the statement show)
 * @param ruleSequence the rule version the voucher was minted under (pricing uses the session date)
 * @param at           when the consumer wrote it (UTC)
 * @param department   the department the voucher counts in (null on entries written before it was recorded)
 */
public record LedgerEntry(String providerId, long sequence, Kind kind, String redemptionId, String voucherId, String code,
                          String service, LocalDate sessionDate, int ruleSequence, String incomeTier, Instant at,
                          Long reverses, String department) {

    public enum Kind { REDEMPTION, REVERSAL }
}
