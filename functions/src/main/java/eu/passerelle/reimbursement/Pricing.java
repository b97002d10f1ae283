package eu.passerelle.reimbursement;

import eu.passerelle.vouchers.IncomeTier;
import eu.passerelle.vouchers.RuleBook;
import eu.passerelle.vouchers.RuleVersion;
import eu.passerelle.vouchers.Service;

import java.util.Optional;

/**
 * Prices sessions from the rule book. Versions are never edited once in force, so the same entry
 * always gets the same price: a reversal is priced like the session it cancels, and any payment
 * can be recomputed from the rule version its line records.
 */
public final class Pricing {

    private final RuleBook rules;

    public Pricing(RuleBook rules) {
        this.rules = rules;
    }

    /**
     * @throws IllegalStateException when no version was in force on the session date or the
     *                               service is unknown: the data is wrong, nobody is paid a guess
     */
    public PricedSession price(LedgerEntry entry) {
        RuleVersion version = rules.inForceOn(entry.sessionDate()).orElseThrow(() -> new IllegalStateException(
                "No rule version in force on " + entry.sessionDate() + " (ledger entry " + entry.sequence() + ")"));
        Service service = Service.fromCode(entry.service()).orElseThrow(() -> new IllegalStateException(
                "Unknown service " + entry.service() + " (ledger entry " + entry.sequence() + ")"));
        // The parent's tier comes with the voucher; its co-payment is the one in force on the
        // session date. A tier the newer version dropped keeps the voucher's own version's amount.
        long coPayment = version.tier(entry.incomeTier())
                .or(() -> rules.version(entry.ruleSequence()).flatMap(v -> v.tier(entry.incomeTier())))
                .map(IncomeTier::coPaymentCents)
                .orElse(0L);
        long tariff = version.tariff(service);
        return new PricedSession(version.sequence(), tariff, Math.min(coPayment, tariff));
    }

    public Optional<RuleVersion> version(int sequence) {
        return rules.version(sequence);
    }
}
