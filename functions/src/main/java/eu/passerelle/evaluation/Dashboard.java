package eu.passerelle.evaluation;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The coordination figures of one area, built from its counters: flows per month and service,
 * and the running balances (money committed, active providers) that are sums of flows since the
 * programme began.
 */
public final class Dashboard {

    /** One month and service of an area. */
    public record Row(YearMonth month, String service, long parentsHelped, long issued, long redeemed, long expired,
                      long returned, long committedCents, long committedBalanceCents, long paidCents, long activeProviders,
                      long distanceCount, Double averageDistanceKm, long distanceUnder5, long distance5to15,
                      long distance15to30, long distanceOver30) {
    }

    private Dashboard() {
    }

    /**
     * @param counters every stored cell of the area up to {@code to}, from the beginning (running
     *                 balances need the months before {@code from})
     * @param services the services shown, in order (each gets a row per month even when empty)
     */
    public static List<Row> rows(Map<AreaMonth, Map<Counter, Long>> counters, YearMonth from, YearMonth to,
                                 List<String> services) {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from after to");
        }
        Map<String, TreeMap<YearMonth, Map<Counter, Long>>> byService = new HashMap<>();
        TreeSet<String> seen = new TreeSet<>();
        counters.forEach((cell, values) -> {
            if (!cell.month().isAfter(to)) {
                byService.computeIfAbsent(cell.service(), s -> new TreeMap<>())
                        .merge(cell.month(), values, Dashboard::sum);
                seen.add(cell.service());
            }
        });
        List<String> shown = new ArrayList<>(services);
        seen.stream().filter(s -> !shown.contains(s)).forEach(shown::add);
        List<Row> rows = new ArrayList<>();
        for (String service : shown) {
            TreeMap<YearMonth, Map<Counter, Long>> months = byService.getOrDefault(service, new TreeMap<>());
            long committed = 0;
            long providers = 0;
            for (Map.Entry<YearMonth, Map<Counter, Long>> e : months.headMap(from).entrySet()) {
                committed += e.getValue().getOrDefault(Counter.COMMITTED_CENTS, 0L);
                providers += e.getValue().getOrDefault(Counter.PROVIDERS_DELTA, 0L);
            }
            for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
                Map<Counter, Long> c = months.getOrDefault(m, Map.of());
                committed += c.getOrDefault(Counter.COMMITTED_CENTS, 0L);
                providers += c.getOrDefault(Counter.PROVIDERS_DELTA, 0L);
                long distanceCount = c.getOrDefault(Counter.DISTANCE_COUNT, 0L);
                Double average = distanceCount == 0 ? null
                        : Math.round(c.getOrDefault(Counter.DISTANCE_METRES, 0L) / (double) distanceCount / 100.0) / 10.0;
                rows.add(new Row(m, service, v(c, Counter.PARENTS_HELPED), v(c, Counter.ISSUED), v(c, Counter.REDEEMED),
                        v(c, Counter.EXPIRED), v(c, Counter.RETURNED), v(c, Counter.COMMITTED_CENTS), committed,
                        v(c, Counter.PAID_CENTS), providers, distanceCount, average, v(c, Counter.DISTANCE_UNDER_5),
                        v(c, Counter.DISTANCE_5_TO_15), v(c, Counter.DISTANCE_15_TO_30), v(c, Counter.DISTANCE_OVER_30)));
            }
        }
        return rows;
    }

    private static long v(Map<Counter, Long> c, Counter counter) {
        return c.getOrDefault(counter, 0L);
    }

    static Map<Counter, Long> sum(Map<Counter, Long> a, Map<Counter, Long> b) {
        Map<Counter, Long> s = new EnumMap<>(Counter.class);
        s.putAll(a);
        b.forEach((k, v) -> s.merge(k, v, Long::sum));
        return s;
    }

    /** The rows as CSV (RFC 4180, comma, CRLF), amounts in euros with a dot, for spreadsheets. */
    public static String csv(String area, List<Row> rows) {
        StringBuilder out = new StringBuilder("area,month,service,parents_helped,vouchers_issued,vouchers_redeemed,"
                + "vouchers_expired,vouchers_returned,committed_eur,committed_balance_eur,paid_eur,active_providers,"
                + "sessions_with_distance,average_distance_km,distance_under_5km,distance_5_15km,distance_15_30km,"
                + "distance_over_30km\r\n");
        for (Row r : rows) {
            out.append(String.join(",", area, r.month().toString(), r.service(), Long.toString(r.parentsHelped()),
                    Long.toString(r.issued()), Long.toString(r.redeemed()), Long.toString(r.expired()),
                    Long.toString(r.returned()), euros(r.committedCents()), euros(r.committedBalanceCents()),
                    euros(r.paidCents()), Long.toString(r.activeProviders()), Long.toString(r.distanceCount()),
                    r.averageDistanceKm() == null ? "" : r.averageDistanceKm().toString(), Long.toString(r.distanceUnder5()),
                    Long.toString(r.distance5to15()), Long.toString(r.distance15to30()), Long.toString(r.distanceOver30())))
                    .append("\r\n");
        }
        return out.toString();
    }

    static String euros(long cents) {
        String sign = cents < 0 ? "-" : "";
        long abs = Math.abs(cents);
        return sign + abs / 100 + "." + String.format("%02d", abs % 100);
    }
}
