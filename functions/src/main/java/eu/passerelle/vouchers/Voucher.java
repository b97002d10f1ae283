package eu.passerelle.vouchers;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One voucher: one session of one service, for one parent, possibly bound to one provider.
 *
 * @param token       the Ed25519-signed QR token
 * @param providerId  the provider it is bound to, or null for any approved provider of the service
 * @param tariffCents what the programme pays for the session under the voucher's rules (shown)
 * @param department  where the coordination counts it: the parent's department from their postal
 *                    code, else the bound provider's, else null (unknown)
 * @param parentPostalCode the parent's postal code when given, or null
 * @param parentLocation   the centre of that postal area (for the distance to the provider), or null
 */
public record Voucher(String id, String code, String token, Service service, String providerId, String providerName,
                      String parentId, int ruleSequence, Instant issuedAt, LocalDate expiresOn, VoucherStatus status,
                      Instant statusAt, String incomeTier, long coPaymentCents, long tariffCents, String department,
                      String parentPostalCode, eu.passerelle.directory.GeoPoint parentLocation) {

    /** A voucher not placed in a department. */
    public Voucher(String id, String code, String token, Service service, String providerId, String providerName,
                   String parentId, int ruleSequence, Instant issuedAt, LocalDate expiresOn, VoucherStatus status,
                   Instant statusAt, String incomeTier, long coPaymentCents, long tariffCents) {
        this(id, code, token, service, providerId, providerName, parentId, ruleSequence, issuedAt, expiresOn, status,
                statusAt, incomeTier, coPaymentCents, tariffCents, null, null, null);
    }

    public boolean expired(LocalDate today) {
        return status == VoucherStatus.ISSUED && today.isAfter(expiresOn);
    }

    /** As the parent sees it: issued, expired, redeemed or returned. */
    public String displayStatus(LocalDate today) {
        return expired(today) ? "expired" : status.name().toLowerCase(java.util.Locale.ROOT);
    }

    public Voucher withStatus(VoucherStatus status, Instant at) {
        return new Voucher(id, code, token, service, providerId, providerName, parentId, ruleSequence, issuedAt, expiresOn,
                status, at, incomeTier, coPaymentCents, tariffCents, department, parentPostalCode,
                parentLocation);
    }
}
