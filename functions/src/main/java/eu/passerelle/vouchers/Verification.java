package eu.passerelle.vouchers;

import java.time.LocalDate;

/**
 * What a provider learns by checking a code. Unknown, forged and other providers' codes give the
 * same answer ({@code valid: false, reason: "unknown"}), so checking teaches a forger nothing.
 *
 * @param reason null when valid; otherwise typo, unknown, expired, redeemed or returned
 */
public record Verification(boolean valid, String reason, String service, LocalDate expiresOn, Long coPaymentCents) {

    static Verification unknown() {
        return new Verification(false, "unknown", null, null, null);
    }

    static Verification typo() {
        return new Verification(false, "typo", null, null, null);
    }
}
