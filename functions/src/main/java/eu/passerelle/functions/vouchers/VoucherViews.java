package eu.passerelle.functions.vouchers;

import eu.passerelle.vouchers.IncomeTier;
import eu.passerelle.vouchers.RuleVersion;
import eu.passerelle.vouchers.Service;
import eu.passerelle.vouchers.Voucher;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON shapes of vouchers and rules. */
final class VoucherViews {

    private VoucherViews() {
    }

    record ServiceRef(String code, String label) {
        static ServiceRef of(Service s) {
            return new ServiceRef(s.code(), s.label());
        }
    }

    record ProviderRef(String id, String name) {
    }

    /** @param qrSvg and {@code token} only on a single voucher's page */
    record VoucherView(String id, String code, ServiceRef service, ProviderRef provider, String status, Instant issuedAt,
                       LocalDate expiresOn, int ruleVersion, String incomeTier, long coPaymentCents, long tariffCents,
                       String token, String qrSvg) {
    }

    record Minted(List<VoucherView> vouchers, int remaining) {
    }

    record Wallet(List<VoucherView> vouchers, Map<String, Integer> remaining) {
    }

    record Tier(String code, String label, Integer upToQuotient, long coPaymentCents) {
        static Tier of(IncomeTier t) {
            return new Tier(t.code(), t.label(), t.upToQuotient(), t.coPaymentCents());
        }
    }

    record Rules(int sequence, LocalDate validFrom, LocalDate validUntil, int sessionsPerService, int validityMonths,
                 Map<String, Long> tariffCents, List<Tier> tiers, Instant createdAt) {
        static Rules of(RuleVersion v) {
            Map<String, Long> tariffs = new TreeMap<>();
            v.tariffCents().forEach((s, c) -> tariffs.put(s.code(), c));
            return new Rules(v.sequence(), v.validFrom(), v.validUntil(), v.sessionsPerService(), v.validityMonths(),
                    tariffs, v.tiers().stream().map(Tier::of).toList(), v.createdAt());
        }
    }

    record RuleBookView(Rules inForce, List<Rules> upcoming, List<Rules> versions) {
    }

    static VoucherView of(Voucher v, LocalDate today, boolean withQr) {
        return new VoucherView(v.id(), v.code(), ServiceRef.of(v.service()),
                v.providerId() == null ? null : new ProviderRef(v.providerId(), v.providerName()),
                v.displayStatus(today), v.issuedAt(), v.expiresOn(), v.ruleSequence(), v.incomeTier(), v.coPaymentCents(),
                v.tariffCents(), withQr ? v.token() : null,
                withQr ? QrCodes.svg(v.token(), "QR code du bon " + v.code()) : null);
    }
}
