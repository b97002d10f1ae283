package eu.passerelle.providers;

import eu.passerelle.Rejection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionTest {

    @Test
    void theLifeOfARecord() {
        assertThat(Decision.APPROVE.apply(ProviderStatus.SUBMITTED)).isEqualTo(ProviderStatus.APPROVED);
        assertThat(Decision.REJECT.apply(ProviderStatus.SUBMITTED)).isEqualTo(ProviderStatus.REJECTED);
        assertThat(Decision.SUSPEND.apply(ProviderStatus.APPROVED)).isEqualTo(ProviderStatus.SUSPENDED);
        assertThat(Decision.REINSTATE.apply(ProviderStatus.SUSPENDED)).isEqualTo(ProviderStatus.APPROVED);
    }

    @Test
    void everyOtherTransitionIsAConflict() {
        for (Decision d : Decision.values()) {
            for (ProviderStatus s : ProviderStatus.values()) {
                boolean allowed = d == Decision.APPROVE && s == ProviderStatus.SUBMITTED
                        || d == Decision.REJECT && s == ProviderStatus.SUBMITTED
                        || d == Decision.SUSPEND && s == ProviderStatus.APPROVED
                        || d == Decision.REINSTATE && s == ProviderStatus.SUSPENDED;
                if (!allowed) {
                    assertThatThrownBy(() -> d.apply(s)).as(d + " from " + s).isInstanceOfSatisfying(Rejection.class,
                            r -> assertThat(r.kind()).isEqualTo(Rejection.Kind.CONFLICT));
                }
            }
        }
    }

    @Test
    void rejectionsAndSuspensionsNeedAReason() {
        assertThat(Decision.REJECT.needsReason()).isTrue();
        assertThat(Decision.SUSPEND.needsReason()).isTrue();
        assertThat(Decision.APPROVE.needsReason()).isFalse();
        assertThat(Decision.fromCode("approve")).contains(Decision.APPROVE);
        assertThat(Decision.fromCode("delete")).isEmpty();
    }
}
