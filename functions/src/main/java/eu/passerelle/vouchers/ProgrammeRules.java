package eu.passerelle.vouchers;

import eu.passerelle.identity.Caller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/** The programme's rules as published by agents, and the programme's calendar. */
public final class ProgrammeRules {

    /** Calendar days are Paris days: a voucher valid "until 23 November" is valid all that day there. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    /** How long the version in force today is trusted without reading the store again. */
    static final Duration REREAD = Duration.ofMinutes(1);

    private record InForce(LocalDate day, Instant readAt, RuleVersion version) {
    }

    private final RuleStore store;
    private final Clock clock;
    private volatile InForce inForce;

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

    /**
     * The version in force on {@code day}, read from the store at most once a minute while
     * {@code day} stays the same: minting asks it for every request. Safe to keep for the day:
     * a version an agent publishes starts after the day it is published, so the one in force on a
     * day never changes during that day; the minute's reread only catches edits made behind the
     * programme's back. An absent version is not kept (the programme may open any moment).
     */
    public Optional<RuleVersion> inForceOn(LocalDate day) {
        Instant now = clock.instant();
        InForce known = inForce;
        if (known != null && known.day().equals(day) && now.isBefore(known.readAt().plus(REREAD))) {
            return Optional.of(known.version());
        }
        Optional<RuleVersion> version = ruleBook().inForceOn(day);
        version.ifPresent(v -> inForce = new InForce(day, now, v));
        return version;
    }

    /** An agent publishes new rules, starting after today. */
    public RuleVersion publish(Caller agent, RuleDraft draft) {
        RuleBook book = ruleBook();
        RuleVersion next = book.draft(draft, today(), clock.instant(), agent.subject());
        store.publish(book.last(), next);
        return next;
    }
}
