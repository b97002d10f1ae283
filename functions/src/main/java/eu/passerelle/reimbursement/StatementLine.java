package eu.passerelle.reimbursement;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * One line of a statement: a session paid (positive) or a session cancelled after it was paid
 * (negative). It names the voucher by its code only: statements carry no parent identity.
 *
 * @param sequence    the ledger entry it settles
 * @param ruleVersion the rule version that priced it, so the amount can be recomputed
 * @param amountCents tariff minus co-payment, negative for a reversal
 * @param department  where the coordination counts the money paid (null when the ledger did not record it)
 */
public record StatementLine(long sequence, LedgerEntry.Kind kind, String code, String service, LocalDate sessionDate,
                            int ruleVersion, long tariffCents, long coPaymentCents, long amountCents, Long reverses,
                            String department) {

    public StatementLine {
        long expected = tariffCents - coPaymentCents;
        if (amountCents != (kind == LedgerEntry.Kind.REVERSAL ? -expected : expected)) {
            throw new IllegalArgumentException("Line " + sequence + ": amount does not match its tariff and co-payment");
        }
    }

    /** The coordination's cell this line's money counts in. */
    public PaidCell cell() {
        return new PaidCell(department, YearMonth.from(sessionDate), service);
    }

    static StatementLine of(LedgerEntry entry, PricedSession price) {
        long sign = entry.kind() == LedgerEntry.Kind.REVERSAL ? -1 : 1;
        return new StatementLine(entry.sequence(), entry.kind(), entry.code(), entry.service(), entry.sessionDate(),
                price.ruleVersion(), price.tariffCents(), price.coPaymentCents(), sign * price.amountCents(), entry.reverses(),
                entry.department());
    }
}
