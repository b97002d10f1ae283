package eu.passerelle.signals;

import eu.passerelle.Rejection;
import eu.passerelle.evaluation.Evaluation;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Fraud signals for agents, and the closed days providers declare. Signals never block a payment. */
public final class Signals {

    private final SignalCounters counters;
    private final SignalRules rules;
    private final Clock clock;

    public Signals(SignalCounters counters, SignalRules rules, Clock clock) {
        this.counters = counters;
        this.rules = rules;
        this.clock = clock;
    }

    /** The signals of a month (default: the current one), most serious kinds first. */
    public List<Signal> ofMonth(String monthParameter) {
        YearMonth month;
        try {
            month = monthParameter == null || monthParameter.isBlank() ? YearMonth.now(clock.withZone(Evaluation.ZONE))
                    : YearMonth.parse(monthParameter.strip());
        } catch (DateTimeParseException e) {
            throw Rejection.invalidQuery("invalid-month", "Mois invalide", "month", "Un mois s'écrit AAAA-MM, par exemple 2026-03.");
        }
        List<ProviderMonth> months = counters.providerMonths(month);
        var profiles = counters.profiles(months.stream().map(ProviderMonth::providerId).toList());
        List<Signal> signals = new ArrayList<>(rules.evaluate(months, profiles, id -> counters.days(id, month)));
        signals.sort(Comparator.comparing(Signal::kind).thenComparing(Signal::providerId));
        return signals;
    }

    public Set<DayOfWeek> closedDays(String providerId) {
        return counters.profile(providerId).closedDays();
    }

    /** @param days English day names (MONDAY…SUNDAY), any case */
    public Set<DayOfWeek> declareClosedDays(String providerId, List<String> days) {
        Set<DayOfWeek> parsed = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; days != null && i < days.size(); i++) {
            try {
                parsed.add(DayOfWeek.valueOf(String.valueOf(days.get(i)).strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new Rejection(Rejection.Kind.INVALID, "invalid-day", "Jour invalide",
                        "Les jours s'écrivent MONDAY … SUNDAY.", List.of(new Rejection.Pointer(
                        Rejection.Pointer.Location.BODY, "#/closedDays/" + i, "Jour inconnu.")));
            }
        }
        if (days == null) {
            throw new Rejection(Rejection.Kind.INVALID, "missing-days", "Jours manquants",
                    "Indiquez la liste des jours de fermeture (éventuellement vide).", List.of(new Rejection.Pointer(
                    Rejection.Pointer.Location.BODY, "#/closedDays", "Liste attendue.")));
        }
        counters.closedDays(providerId, parsed);
        return parsed;
    }
}
