package eu.passerelle.redemption;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A provider's declaration that a session took place under a voucher.
 *
 * @param ledgerSequence the position of its ledger entry in the provider's ledger, once applied
 * @param reason         why it was rejected, in words the provider can act on
 */
public record Redemption(String id, String providerId, String voucherId, String code, String service,
                         LocalDate sessionDate, RedemptionStatus status, String reason, Instant createdAt,
                         Instant updatedAt, Long ledgerSequence) {

    public Redemption with(RedemptionStatus status, String reason, Instant at, Long ledgerSequence) {
        return new Redemption(id, providerId, voucherId, code, service, sessionDate, status, reason, createdAt, at,
                ledgerSequence);
    }
}
