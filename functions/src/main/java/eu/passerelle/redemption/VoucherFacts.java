package eu.passerelle.redemption;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What the consumer needs to know of a voucher to apply a redemption and write its ledger entry:
 * the rule version and amounts it was minted under (reimbursement reprices by session date).
 *
 * @param status       ISSUED, REDEEMED or RETURNED
 * @param redeemedBy   the provider who redeemed it, when redeemed
 * @param redemptionId the redemption that redeemed it, when redeemed
 * @param department   where the coordination counts it (null: unknown)
 * @param parentLocation the centre of the parent's postal area, or null
 * @param expiredCounted the daily expiry job counted it expired (still issued): a session held by its
 *                       last day and declared later un-counts it when it applies
 */
public record VoucherFacts(String id, String service, String providerId, String status, String redeemedBy,
                           String redemptionId, Instant issuedAt, LocalDate expiresOn, int ruleSequence,
                           String incomeTier, long coPaymentCents, long tariffCents, String department,
                           eu.passerelle.directory.GeoPoint parentLocation, boolean expiredCounted) {

    public VoucherFacts(String id, String service, String providerId, String status, String redeemedBy,
                        String redemptionId, Instant issuedAt, LocalDate expiresOn, int ruleSequence,
                        String incomeTier, long coPaymentCents, long tariffCents, String department,
                        eu.passerelle.directory.GeoPoint parentLocation) {
        this(id, service, providerId, status, redeemedBy, redemptionId, issuedAt, expiresOn, ruleSequence, incomeTier,
                coPaymentCents, tariffCents, department, parentLocation, false);
    }

    public VoucherFacts(String id, String service, String providerId, String status, String redeemedBy,
                        String redemptionId, Instant issuedAt, LocalDate expiresOn, int ruleSequence,
                        String incomeTier, long coPaymentCents, long tariffCents) {
        this(id, service, providerId, status, redeemedBy, redemptionId, issuedAt, expiresOn, ruleSequence, incomeTier,
                coPaymentCents, tariffCents, null, null);
    }
}
