package eu.passerelle.vouchers;

import eu.passerelle.identity.Caller;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/** The programme's rules as published by agents, and the programme's calendar. */
public final class ProgrammeRules {

    /** Calendar days are Paris days: a voucher valid "until 23 November" is valid all that day there. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private final RuleStore store;
    private final Clock clock;

    public ProgrammeRules(RuleStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public LocalDate today() {
        return clock.instant().atZone(ZONE).toLocalDate();
    }

    public RuleBook ruleBook() {
        return new RuleBook(store.all());
    }

    /** An agent publishes new rules, starting after today. */
    public RuleVersion publish(Caller agent, RuleDraft draft) {
        RuleBook book = ruleBook();
        RuleVersion next = book.draft(draft, today(), clock.instant(), agent.subject());
        store.publish(book.last(), next);
        return next;
    }
}
