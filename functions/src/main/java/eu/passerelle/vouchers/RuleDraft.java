package eu.passerelle.vouchers;

import java.util.List;
import java.util.Map;

/**
 * A new rule version as an agent typed it (the JSON body), every field possibly missing or wrong.
 *
 * @param tariffCents per service code
 */
public record RuleDraft(String validFrom, Integer sessionsPerService, Integer validityMonths,
                        Map<String, Long> tariffCents, List<TierDraft> tiers) {

    public record TierDraft(String code, String label, Integer upToQuotient, Long coPaymentCents) {
    }
}
