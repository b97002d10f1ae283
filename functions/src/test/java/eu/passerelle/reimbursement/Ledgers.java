package eu.passerelle.reimbursement;

import eu.passerelle.vouchers.IncomeTier;
import eu.passerelle.vouchers.RuleBook;
import eu.passerelle.vouchers.RuleVersion;
import eu.passerelle.vouchers.Service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Rule books and ledger entries for reimbursement tests. */
public final class Ledgers {

    public static final LocalDate TARIFF_CHANGE = LocalDate.of(2026, 6, 1);

    private Ledgers() {
    }

    /** Version 1 (psychologist 50 €, tier B pays 5 €) until 31 May 2026; version 2 from 1 June (60 €, tier B pays 7 €). */
    public static RuleBook twoVersions() {
        RuleVersion v1 = RuleVersion.initial().endingOn(TARIFF_CHANGE);
        RuleVersion v2 = new RuleVersion(2, TARIFF_CHANGE, null, 5, 12,
                Map.of(Service.PSYCHOLOGIST, 6000L, Service.FAMILY_MEDIATOR, 6500L, Service.LAWYER, 8000L,
                        Service.SOCIAL_WORKER, 4000L),
                List.of(new IncomeTier("A", "Quotient familial inférieur à 1 000 €", 1000, 0),
                        new IncomeTier("B", "Quotient familial de 1 000 € ou plus", null, 700)),
                Instant.parse("2026-05-01T00:00:00Z"), "agent");
        return new RuleBook(List.of(v1, v2));
    }

    public static LedgerEntry session(String provider, long seq, LocalDate day, String tier, Instant at) {
        return new LedgerEntry(provider, seq, LedgerEntry.Kind.REDEMPTION, "r" + seq, "v" + seq, "PSY-CODE-" + seq,
                "psychologist", day, 1, tier, at, null, "75");
    }

    public static LedgerEntry reversal(String provider, long seq, LedgerEntry of, Instant at) {
        return new LedgerEntry(provider, seq, LedgerEntry.Kind.REVERSAL, of.redemptionId(), of.voucherId(), of.code(),
                of.service(), of.sessionDate(), of.ruleSequence(), of.incomeTier(), at, of.sequence(), of.department());
    }
}
