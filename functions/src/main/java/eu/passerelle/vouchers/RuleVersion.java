package eu.passerelle.vouchers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The programme's rules from one date: sessions a parent may receive per service, how long a
 * voucher stays valid, what a session pays the provider per service, and the co-payment per
 * income tier. Versions follow one another without overlap; a version never changes once in
 * force, and every voucher records the one it was minted under.
 *
 * @param sequence   1, 2, 3…: written in voucher codes (6 bits: 63 versions for the programme's life)
 * @param validUntil the day the next version starts (exclusive), null while it is the last
 */
public record RuleVersion(int sequence, LocalDate validFrom, LocalDate validUntil, int sessionsPerService,
                          int validityMonths, Map<Service, Long> tariffCents, List<IncomeTier> tiers,
                          Instant createdAt, String createdBy) {

    public RuleVersion {
        tariffCents = Map.copyOf(tariffCents);
        tiers = List.copyOf(tiers);
    }

    public boolean inForceOn(LocalDate day) {
        return !day.isBefore(validFrom) && (validUntil == null || day.isBefore(validUntil));
    }

    public long tariff(Service service) {
        return tariffCents.get(service);
    }

    public Optional<IncomeTier> tier(String code) {
        return tiers.stream().filter(t -> t.code().equals(code)).findFirst();
    }

    public RuleVersion endingOn(LocalDate day) {
        return new RuleVersion(sequence, validFrom, day, sessionsPerService, validityMonths, tariffCents, tiers,
                createdAt, createdBy);
    }

    /** The programme's first rules, in force until agents publish others. */
    public static RuleVersion initial() {
        return new RuleVersion(1, LocalDate.of(2026, 1, 1), null, 5, 12,
                Map.of(Service.PSYCHOLOGIST, 5000L, Service.FAMILY_MEDIATOR, 6000L, Service.LAWYER, 8000L,
                        Service.SOCIAL_WORKER, 4000L),
                List.of(new IncomeTier("A", "Quotient familial inférieur à 1 000 €", 1000, 0),
                        new IncomeTier("B", "Quotient familial de 1 000 € ou plus", null, 500)),
                Instant.parse("2025-12-01T00:00:00Z"), "programme");
    }
}
