package eu.passerelle.vouchers;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The earliest day a voucher can have been issued, from its code alone: the code carries its
 * rule version and its expiry, and a voucher expires {@code validityMonths} after the day it was
 * minted, under the version in force that day. So it was issued on or after both the version's
 * first day and its expiry less the validity ({@code plusMonths} only ever shortens at month
 * ends, so this bound never passes the true day). A version's start and validity never change
 * once published: each is read once per execution environment, no database call per request.
 */
public final class EarliestIssue {

    /** Knows nothing: every session date passes (the consumer still checks against the voucher). */
    public static final EarliestIssue UNKNOWN = new EarliestIssue(null);

    private final Supplier<RuleBook> rules;
    private final Map<Integer, RuleVersion> versions = new ConcurrentHashMap<>();

    public EarliestIssue(Supplier<RuleBook> rules) {
        this.rules = rules;
    }

    public Optional<LocalDate> of(VoucherCode code) {
        if (rules == null) {
            return Optional.empty();
        }
        RuleVersion version = versions.get(code.ruleSequence());
        if (version == null) {
            try {
                version = rules.get().version(code.ruleSequence()).orElse(null);
            } catch (RuntimeException unreadable) {
                return Optional.empty(); // no refusal on a guess: the consumer checks the voucher itself
            }
            if (version == null) {
                return Optional.empty();
            }
            versions.put(code.ruleSequence(), version);
        }
        LocalDate byExpiry = code.expiresOn().minusMonths(version.validityMonths());
        return Optional.of(byExpiry.isAfter(version.validFrom()) ? byExpiry : version.validFrom());
    }
}
