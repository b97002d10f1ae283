package eu.passerelle.reimbursement;

import java.time.LocalDate;

/**
 * One line of a statement: a session paid (positive) or a session cancelled after it was paid
 * (negative). It names the voucher by its code only: statements carry no parent identity.
 *
 * @param sequence    the ledger entry it settles
 * @param ruleVersion the rule version that priced it, so the amount can be recomputed
 * @param amountCents tariff minus co-payment, negative for a reversal
 */
public record StatementLine(long sequence, LedgerEntry.Kind kind, String code, String service, LocalDate sessionDate,
                            int ruleVersion, long tariffCents, long coPaymentCents, long amountCents, Long reverses) {

    public StatementLine {
        long expected = tariffCents - coPaymentCents;
        if (amountCents != (kind == LedgerEntry.Kind.REVERSAL ? -expected : expected)) {
            throw new IllegalArgumentException("Line " + sequence + ": amount does not match its tariff and co-payment");
        }
    }

    static StatementLine of(LedgerEntry entry, PricedSession price) {
        long sign = entry.kind() == LedgerEntry.Kind.REVERSAL ? -1 : 1;
        return new StatementLine(entry.sequence(), entry.kind(), entry.code(), entry.service(), entry.sessionDate(),
                price.ruleVersion(), price.tariffCents(), price.coPaymentCents(), sign * price.amountCents(), entry.reverses());
    }
}
