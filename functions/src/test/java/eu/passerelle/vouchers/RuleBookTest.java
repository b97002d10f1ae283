package eu.passerelle.vouchers;

import eu.passerelle.Rejection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Agents' drafts of a new rule version: income bands are checked field by field. */
class RuleBookTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    static final RuleBook BOOK = new RuleBook(List.of(RuleVersion.initial()));
    static final Map<String, Long> TARIFFS = Map.of("psychologist", 5000L, "family-mediator", 6000L, "lawyer", 8000L,
            "social-worker", 4000L);

    private static RuleDraft draft(RuleDraft.TierDraft... tiers) {
        return new RuleDraft("2027-01-01", 5, 12, TARIFFS, List.of(tiers));
    }

    private static Rejection refusal(RuleDraft draft) {
        try {
            BOOK.draft(draft, TODAY, Instant.parse("2026-11-23T10:00:00Z"), "agent");
        } catch (Rejection r) {
            return r;
        }
        throw new AssertionError("the draft was accepted");
    }

    @Test
    void risingBoundsWithAnOpenLastBandAreAccepted() {
        RuleVersion v = BOOK.draft(draft(new RuleDraft.TierDraft("A", "Moins de 800 €", 800, 0L),
                new RuleDraft.TierDraft("B", "De 800 à 1 500 €", 1500, 300L),
                new RuleDraft.TierDraft("C", "1 500 € ou plus", null, 500L)), TODAY, Instant.now(), "agent");
        assertThat(v.tiers()).extracting(IncomeTier::upToQuotient).containsExactly(800, 1500, null);
    }

    @Test
    void boundsOutOfOrderAreRefusedAtTheBandThatBreaksTheOrder() {
        Rejection r = refusal(draft(new RuleDraft.TierDraft("A", "Moins de 1 500 €", 1500, 0L),
                new RuleDraft.TierDraft("B", "Moins de 800 €", 800, 300L),
                new RuleDraft.TierDraft("C", "Le reste", null, 500L)));
        assertThat(r.kind()).isEqualTo(Rejection.Kind.INVALID);
        assertThat(r.pointers()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("#/tiers/1/upToQuotient");
            assertThat(p.detail()).contains("1500");
        });
    }

    @Test
    void anEqualBoundIsOutOfOrderToo() {
        Rejection r = refusal(draft(new RuleDraft.TierDraft("A", "a", 1000, 0L), new RuleDraft.TierDraft("B", "b", 1000, 0L),
                new RuleDraft.TierDraft("C", "c", null, 0L)));
        assertThat(r.pointers()).extracting(Rejection.Pointer::name).containsExactly("#/tiers/1/upToQuotient");
    }

    @Test
    void theOrderIsCheckedEvenAfterABandWhoseCoPaymentIsWrong() {
        Rejection r = refusal(draft(new RuleDraft.TierDraft("A", "a", 1500, -1L), new RuleDraft.TierDraft("B", "b", 800, 0L),
                new RuleDraft.TierDraft("C", "c", null, 0L)));
        assertThat(r.pointers()).extracting(Rejection.Pointer::name)
                .containsExactly("#/tiers/0/coPaymentCents", "#/tiers/1/upToQuotient");
    }

    @Test
    void onlyTheLastBandIsOpenEnded() {
        Rejection r = refusal(draft(new RuleDraft.TierDraft("A", "a", null, 0L), new RuleDraft.TierDraft("B", "b", 900, 0L)));
        assertThat(r.pointers()).extracting(Rejection.Pointer::name)
                .containsExactly("#/tiers/0/upToQuotient", "#/tiers/1/upToQuotient");
    }
}
