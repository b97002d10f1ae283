package eu.passerelle.evaluation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which counters each event of the programme moves, in its department and nationally. The
 * adapters write these tallies in the same transaction as the event itself (the voucher's
 * conditional transition), so a retried or redelivered event never counts twice.
 */
public final class Evaluation {

    /** Months and days are those of France, where the programme runs its calendar. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private Evaluation() {
    }

    public static YearMonth month(Instant at) {
        return YearMonth.from(at.atZone(ZONE));
    }

    /** What the programme owes for one session of a voucher: its tariff less the parent's co-payment. */
    public static long owed(long tariffCents, long coPaymentCents) {
        return Math.max(0, tariffCents - coPaymentCents);
    }

    /**
     * Vouchers minted together for one parent and service.
     *
     * @param firstForParent whether these are the parent's first vouchers of the service ever
     */
    public static List<Tally> minted(String department, String service, Instant at, int vouchers, long owedEach,
                                     boolean firstForParent) {
        Map<Counter, Long> m = new EnumMap<>(Counter.class);
        m.put(Counter.ISSUED, (long) vouchers);
        m.put(Counter.COMMITTED_CENTS, vouchers * owedEach);
        if (firstForParent) {
            m.put(Counter.PARENTS_HELPED, 1L);
        }
        return both(new AreaMonth(area(department), month(at), service), m);
    }

    public static List<Tally> returned(String department, String service, Instant at, long owed) {
        return both(new AreaMonth(area(department), month(at), service),
                Map.of(Counter.RETURNED, 1L, Counter.COMMITTED_CENTS, -owed));
    }

    /** An unused voucher past its last day, counted in the month of that day. */
    public static List<Tally> expired(String department, String service, LocalDate expiresOn, long owed) {
        return both(new AreaMonth(area(department), YearMonth.from(expiresOn), service),
                Map.of(Counter.EXPIRED, 1L, Counter.COMMITTED_CENTS, -owed));
    }

    /**
     * A session redeemed, in the month of the session; a cancellation writes the negation.
     *
     * @param distanceKm from the parent's postal area to the provider's practice, or null if unknown
     */
    public static List<Tally> redeemed(String department, String service, LocalDate sessionDate, long owed, Double distanceKm) {
        Map<Counter, Long> m = new EnumMap<>(Counter.class);
        m.put(Counter.REDEEMED, 1L);
        m.put(Counter.COMMITTED_CENTS, -owed);
        if (distanceKm != null) {
            m.put(Counter.DISTANCE_COUNT, 1L);
            m.put(Counter.DISTANCE_METRES, Math.round(distanceKm * 1000));
            m.put(Counter.bucket(distanceKm), 1L);
        }
        return both(new AreaMonth(area(department), YearMonth.from(sessionDate), service), m);
    }

    /** A provider listed (+1) or no longer listed (-1), in its own department. */
    public static List<Tally> providerListed(String department, String service, Instant at, int sign) {
        return both(new AreaMonth(area(department), month(at), service), Map.of(Counter.PROVIDERS_DELTA, (long) sign));
    }

    public static List<Tally> paid(String department, YearMonth month, String service, long cents) {
        return both(new AreaMonth(area(department), month, service), Map.of(Counter.PAID_CENTS, cents));
    }

    public static List<Tally> negate(List<Tally> tallies) {
        return tallies.stream().map(Tally::negate).toList();
    }

    private static String area(String department) {
        return department == null || department.isBlank() ? AreaMonth.UNKNOWN : department;
    }

    private static List<Tally> both(AreaMonth cell, Map<Counter, Long> increments) {
        if (cell.area().equals(AreaMonth.NATIONAL)) {
            return List.of(new Tally(cell, increments));
        }
        return List.of(new Tally(cell, increments), new Tally(cell.national(), increments));
    }
}
