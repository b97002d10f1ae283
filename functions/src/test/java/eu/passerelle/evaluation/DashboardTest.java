package eu.passerelle.evaluation;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardTest {

    /** Sums tallies the way the store's ADD updates do. */
    static Map<AreaMonth, Map<Counter, Long>> store(List<Tally> tallies) {
        Map<AreaMonth, Map<Counter, Long>> cells = new HashMap<>();
        for (Tally t : tallies) {
            Map<Counter, Long> cell = cells.computeIfAbsent(t.cell(), c -> new EnumMap<>(Counter.class));
            t.increments().forEach((c, v) -> cell.merge(c, v, Long::sum));
        }
        return cells;
    }

    static Map<AreaMonth, Map<Counter, Long>> only(Map<AreaMonth, Map<Counter, Long>> cells, String area) {
        Map<AreaMonth, Map<Counter, Long>> out = new HashMap<>();
        cells.forEach((k, v) -> {
            if (k.area().equals(area)) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void everyEventIsCountedInItsDepartmentAndNationally() {
        List<Tally> t = Evaluation.minted("75", "psychologist", Instant.parse("2026-03-10T10:00:00Z"), 5, 6000, true);
        assertThat(t).extracting(x -> x.cell().area()).containsExactly("75", AreaMonth.NATIONAL);
        assertThat(t.get(0).get(Counter.ISSUED)).isEqualTo(5);
        assertThat(t.get(0).get(Counter.COMMITTED_CENTS)).isEqualTo(30_000);
        assertThat(t.get(0).get(Counter.PARENTS_HELPED)).isEqualTo(1);
        assertThat(Evaluation.minted(null, "lawyer", Instant.now(), 1, 100, false).get(0).cell().area())
                .isEqualTo(AreaMonth.UNKNOWN);
    }

    @Test
    void monthsAreThoseOfParisNotUtc() {
        // 23:30 UTC on 31 January is already 1 February in Paris.
        assertThat(Evaluation.month(Instant.parse("2026-01-31T23:30:00Z"))).isEqualTo(YearMonth.of(2026, 2));
    }

    @Test
    void committedMoneyIsABalanceOfIssuedLessUsedReturnedAndExpired() {
        List<Tally> events = new java.util.ArrayList<>();
        events.addAll(Evaluation.minted("75", "psychologist", Instant.parse("2026-01-05T10:00:00Z"), 5, 6000, true));
        events.addAll(Evaluation.redeemed("75", "psychologist", LocalDate.parse("2026-02-03"), 6000, 3.2));
        events.addAll(Evaluation.redeemed("75", "psychologist", LocalDate.parse("2026-02-10"), 6000, 12.0));
        events.addAll(Evaluation.returned("75", "psychologist", Instant.parse("2026-02-11T10:00:00Z"), 6000));
        events.addAll(Evaluation.expired("75", "psychologist", LocalDate.parse("2026-03-31"), 6000));
        events.addAll(Evaluation.providerListed("75", "psychologist", Instant.parse("2025-12-01T10:00:00Z"), 1));
        events.addAll(Evaluation.paid("75", YearMonth.of(2026, 2), "psychologist", 12000));
        List<Dashboard.Row> rows = Dashboard.rows(only(store(events), "75"), YearMonth.of(2026, 1), YearMonth.of(2026, 3),
                List.of("psychologist"));
        assertThat(rows).hasSize(3);
        Dashboard.Row jan = rows.get(0);
        Dashboard.Row feb = rows.get(1);
        Dashboard.Row mar = rows.get(2);
        assertThat(jan.issued()).isEqualTo(5);
        assertThat(jan.committedBalanceCents()).isEqualTo(30_000);
        // A provider approved in December is still active in January: balances carry from before the period.
        assertThat(jan.activeProviders()).isEqualTo(1);
        assertThat(feb.redeemed()).isEqualTo(2);
        assertThat(feb.returned()).isEqualTo(1);
        assertThat(feb.committedBalanceCents()).isEqualTo(12_000);
        assertThat(feb.paidCents()).isEqualTo(12_000);
        assertThat(feb.averageDistanceKm()).isEqualTo(7.6);
        assertThat(feb.distanceUnder5()).isEqualTo(1);
        assertThat(feb.distance5to15()).isEqualTo(1);
        assertThat(mar.expired()).isEqualTo(1);
        assertThat(mar.committedBalanceCents()).isEqualTo(6_000);
        assertThat(mar.activeProviders()).isEqualTo(1);
    }

    @Test
    void aCancelledRedemptionUndoesExactlyWhatItCounted() {
        List<Tally> redeemed = Evaluation.redeemed("13", "lawyer", LocalDate.parse("2026-05-02"), 4500, 40.0);
        List<Tally> both = new java.util.ArrayList<>(redeemed);
        both.addAll(Evaluation.negate(redeemed));
        store(both).values().forEach(cell -> assertThat(cell.values()).allMatch(v -> v == 0));
    }

    @Test
    void everyServiceGetsARowPerMonthEvenWithoutActivity() {
        List<Dashboard.Row> rows = Dashboard.rows(Map.of(), YearMonth.of(2026, 1), YearMonth.of(2026, 2), Coordination.SERVICES);
        assertThat(rows).hasSize(8).allMatch(r -> r.issued() == 0 && r.averageDistanceKm() == null);
        assertThatThrownBy(() -> Dashboard.rows(Map.of(), YearMonth.of(2026, 3), YearMonth.of(2026, 2), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void csvHasAHeaderAndOneLinePerRowWithEuros() {
        List<Tally> events = Evaluation.minted("2A", "lawyer", Instant.parse("2026-04-01T08:00:00Z"), 2, 4550, true);
        String csv = Dashboard.csv("2A", Dashboard.rows(only(store(events), "2A"), YearMonth.of(2026, 4), YearMonth.of(2026, 4),
                List.of("lawyer")));
        String[] lines = csv.split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("area,month,service,parents_helped,vouchers_issued");
        assertThat(lines[1]).startsWith("2A,2026-04,lawyer,1,2,0,0,0,91.00,91.00,0.00,0,0,,");
        assertThat(Dashboard.euros(-5)).isEqualTo("-0.05");
    }
}
