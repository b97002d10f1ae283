package eu.passerelle.evaluation;

import eu.passerelle.Rejection;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoordinationTest {

    final List<String> asked = new ArrayList<>();
    final Coordination coordination = new Coordination((area, to) -> {
        asked.add(area + " " + to);
        return java.util.Map.of();
    }, Clock.fixed(Instant.parse("2026-06-30T22:30:00Z"), ZoneOffset.UTC));

    @Test
    void aCoordinatorSeesTheDepartmentOfTheirTokenOnly() {
        Coordination.Figures f = coordination.department(new Caller("c", Set.of(Role.COORDINATOR), "93"), null, null);
        assertThat(f.area()).isEqualTo("93");
        // 22:30 UTC on 30 June is July in Paris; twelve months by default.
        assertThat(f.to()).isEqualTo(YearMonth.of(2026, 7));
        assertThat(f.from()).isEqualTo(YearMonth.of(2025, 8));
        assertThat(asked).containsExactly("93 2026-07");
    }

    @Test
    void aCoordinatorWithoutDepartmentIsRefused() {
        assertThatThrownBy(() -> coordination.department(new Caller("c", Set.of(Role.COORDINATOR), null), null, null))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.kind()).isEqualTo(Rejection.Kind.FORBIDDEN));
        assertThatThrownBy(() -> coordination.department(new Caller("c", Set.of(Role.COORDINATOR), "ALL"), null, null))
                .isInstanceOf(Rejection.class);
    }

    @Test
    void agentsSeeTheNationViewOrADepartmentAndBadInputNamesTheParameter() {
        assertThat(coordination.national(null, "2026-01", "2026-03").area()).isEqualTo(AreaMonth.NATIONAL);
        assertThat(coordination.national("2a", null, null).area()).isEqualTo("2A");
        assertThatThrownBy(() -> coordination.national("Paris", null, null)).isInstanceOf(Rejection.class)
                .hasMessageContaining("département");
        assertThatThrownBy(() -> coordination.national(null, "2026-13", null)).isInstanceOf(Rejection.class);
        assertThatThrownBy(() -> coordination.national(null, "2026-05", "2026-01")).isInstanceOf(Rejection.class);
        assertThatThrownBy(() -> coordination.national(null, "2020-01", "2026-01")).isInstanceOf(Rejection.class);
    }
}
