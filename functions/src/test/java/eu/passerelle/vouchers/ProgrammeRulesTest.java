package eu.passerelle.vouchers;

import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Minting asks for the version in force at every request: it is read once a minute, never stale for a day. */
class ProgrammeRulesTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };
    private final AtomicInteger reads = new AtomicInteger();
    private final List<RuleVersion> stored = new ArrayList<>();
    private final RuleStore store = new RuleStore() {
        @Override
        public List<RuleVersion> all() {
            reads.incrementAndGet();
            return List.copyOf(stored);
        }

        @Override
        public void publish(RuleVersion previous, RuleVersion next) {
            stored.removeIf(v -> v.sequence() == previous.sequence());
            stored.add(previous.endingOn(next.validFrom()));
            stored.add(next);
        }
    };
    private final ProgrammeRules rules = new ProgrammeRules(store, clock);

    @Test
    void theVersionInForceIsReadOnceAMinuteAndANewVersionAppliesOnItsFirstDay() {
        LocalDate today = rules.today();
        RuleVersion first = rules.inForceOn(today).orElseThrow();
        rules.inForceOn(today);
        rules.inForceOn(today);
        assertThat(reads).as("one read for three mints within the minute").hasValue(1);

        // An agent publishes a version from tomorrow: today's answer does not change, tomorrow's does.
        rules.publish(new Caller("agent", Set.of(Role.AGENT), null),
                new RuleDraft(today.plusDays(1).toString(), 4, 12, RuleBookTest.TARIFFS,
                        List.of(new RuleDraft.TierDraft("A", "Tous", null, 0L))));
        assertThat(rules.inForceOn(today).orElseThrow().sequence()).isEqualTo(first.sequence());
        now.set(now.get().plus(Duration.ofDays(1)));
        RuleVersion next = rules.inForceOn(rules.today()).orElseThrow();
        assertThat(next.sequence()).isEqualTo(first.sequence() + 1);
        assertThat(next.sessionsPerService()).isEqualTo(4);

        int before = reads.get();
        now.set(now.get().plus(ProgrammeRules.REREAD).plusSeconds(1));
        rules.inForceOn(rules.today());
        assertThat(reads.get()).as("reread after a minute").isEqualTo(before + 1);
    }
}
