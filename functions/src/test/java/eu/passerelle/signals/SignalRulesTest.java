package eu.passerelle.signals;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SignalRulesTest {

    static final YearMonth MAY = YearMonth.of(2026, 5);
    final SignalRules rules = new SignalRules(SignalRules.Thresholds.DEFAULT);
    final List<String> daysAskedFor = new ArrayList<>();

    static ProviderMonth month(String id, String dept, long sessions, long lastDay, long... weekdays) {
        long[] w = new long[7];
        System.arraycopy(weekdays, 0, w, 0, weekdays.length);
        return new ProviderMonth(id, dept, "psychologist", MAY, sessions, lastDay, w);
    }

    List<Signal> evaluate(List<ProviderMonth> months, Map<String, ProviderProfile> profiles, Map<String, List<DaySessions>> days) {
        return rules.evaluate(months, profiles, id -> {
            daysAskedFor.add(id);
            return days.getOrDefault(id, List.of());
        });
    }

    @Test
    void aVolumeFarAbovePeersOfTheSameDepartmentAndServiceIsFlaggedWithTheMedian() {
        List<Signal> s = evaluate(List.of(month("big", "75", 30, 0), month("a", "75", 4, 0), month("b", "75", 6, 0),
                month("c", "75", 5, 0), month("elsewhere", "13", 2, 0)), Map.of(), Map.of());
        assertThat(s).filteredOn(x -> x.kind() == Signal.Kind.VOLUME_ABOVE_PEERS).singleElement().satisfies(x -> {
            assertThat(x.providerId()).isEqualTo("big");
            assertThat(x.evidence()).contains("Médiane des confrères : 5", "Confrères comparés : 3");
        });
    }

    @Test
    void peersInAnotherDepartmentDoNotCountAndSmallVolumesAreNeverFarAbove() {
        assertThat(evaluate(List.of(month("big", "75", 30, 0), month("other", "13", 1, 0)), Map.of(), Map.of())).isEmpty();
        assertThat(evaluate(List.of(month("x", "75", 9, 0), month("y", "75", 1, 0)), Map.of(), Map.of())).isEmpty();
    }

    @Test
    void aDayWithAFullAgendaOfVoucherSessionsIsAClusterWithItsDates() {
        Map<String, List<DaySessions>> days = Map.of("p", List.of(new DaySessions(LocalDate.parse("2026-05-12"), 9),
                new DaySessions(LocalDate.parse("2026-05-13"), 1)));
        List<Signal> s = evaluate(List.of(month("p", "75", 10, 0)), Map.of(), days);
        assertThat(s).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Signal.Kind.SAME_DAY_CLUSTER);
            assertThat(x.evidence()).containsExactly("2026-05-12 : 9 séances");
        });
    }

    @Test
    void sessionsOnADeclaredClosedDayAreFlaggedWithTheDates() {
        // 2026-05-10 is a Sunday.
        Map<String, ProviderProfile> profiles = Map.of("p", new ProviderProfile("p", null, Set.of(DayOfWeek.SUNDAY)));
        List<Signal> s = evaluate(List.of(month("p", "75", 3, 0, 1, 0, 0, 0, 0, 0, 2)), profiles,
                Map.of("p", List.of(new DaySessions(LocalDate.parse("2026-05-10"), 2), new DaySessions(LocalDate.parse("2026-05-11"), 1))));
        assertThat(s).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Signal.Kind.CLOSED_DAY);
            assertThat(x.evidence()).contains("2026-05-10 (dimanche) : 2 séance(s)");
        });
    }

    @Test
    void dayCountersAreReadOnlyForProvidersThatMayHaveAClusterOrAClosedDaySession() {
        evaluate(List.of(month("quiet", "75", 3, 0), month("busy", "75", 8, 0)), Map.of(), Map.of());
        assertThat(daysAskedFor).containsExactly("busy");
    }

    @Test
    void manySessionsOnVouchersLastDayAreFlagged() {
        assertThat(evaluate(List.of(month("p", "75", 6, 3)), Map.of(), Map.of()))
                .extracting(Signal::kind).containsExactly(Signal.Kind.LAST_DAY_OF_VALIDITY);
        assertThat(evaluate(List.of(month("p", "75", 20, 3)), Map.of(), Map.of())).isEmpty();
    }

    @Test
    void aFullCaseloadRightAfterApprovalIsAJump() {
        Map<String, ProviderProfile> profiles = Map.of("new", new ProviderProfile("new", Instant.parse("2026-04-20T09:00:00Z"), Set.of()),
                "old", new ProviderProfile("old", Instant.parse("2024-01-01T09:00:00Z"), Set.of()));
        List<Signal> s = evaluate(List.of(month("new", "75", 24, 0), month("old", "75", 24, 0), month("a", "75", 3, 0),
                month("b", "75", 2, 0)), profiles, Map.of());
        assertThat(s).filteredOn(x -> x.kind() == Signal.Kind.JUMP_AFTER_APPROVAL).extracting(Signal::providerId)
                .containsExactly("new");
    }
}
