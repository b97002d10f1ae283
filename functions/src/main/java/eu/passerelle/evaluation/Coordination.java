package eu.passerelle.evaluation;

import eu.passerelle.Rejection;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;

import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The figures a coordinator sees: their own department only, taken from their verified token;
 * agents see the national view or any department.
 */
public final class Coordination {

    /** Services in the order the dashboard shows them. */
    public static final List<String> SERVICES = List.of("psychologist", "family-mediator", "lawyer", "social-worker");
    static final int MAX_MONTHS = 36;
    private static final Pattern AREA = Pattern.compile("\\d{2,3}|2[AB]|[A-Z]{3}|" + AreaMonth.NATIONAL + "|" + AreaMonth.UNKNOWN);

    /** The figures of one area and period. */
    public record Figures(String area, YearMonth from, YearMonth to, List<String> services, List<Dashboard.Row> rows) {
    }

    private final Counters counters;
    private final Clock clock;

    public Coordination(Counters counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    /** A coordinator's department figures; the department comes from the token, never from the request. */
    public Figures department(Caller coordinator, String from, String to) {
        String department = coordinator.department();
        if (!coordinator.has(Role.COORDINATOR) || department == null || !AREA.matcher(department).matches()
                || department.equals(AreaMonth.NATIONAL)) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "no-department", "Aucun département",
                    "Votre compte de coordination n'est rattaché à aucun département : contactez le programme.", List.of());
        }
        return figures(department, from, to);
    }

    /** An agent's view: national (no department) or one department. */
    public Figures national(String department, String from, String to) {
        String area = department == null || department.isBlank() ? AreaMonth.NATIONAL : department.strip().toUpperCase();
        if (!AREA.matcher(area).matches()) {
            throw Rejection.invalidQuery("invalid-department", "Département invalide", "department",
                    "Un département s'écrit 75, 2A, 974 (ou une province belge : BRU, WLG…).");
        }
        return figures(area, from, to);
    }

    private Figures figures(String area, String fromParameter, String toParameter) {
        YearMonth now = YearMonth.now(clock.withZone(Evaluation.ZONE));
        YearMonth to = month("to", toParameter, now);
        YearMonth from = month("from", fromParameter, to.minusMonths(11));
        if (from.isAfter(to)) {
            throw Rejection.invalidQuery("invalid-period", "Période invalide", "from", "Le début suit la fin de la période.");
        }
        if (from.plusMonths(MAX_MONTHS).isBefore(to.plusMonths(1))) {
            throw Rejection.invalidQuery("invalid-period", "Période trop longue", "from",
                    "Une période compte " + MAX_MONTHS + " mois au plus.");
        }
        return new Figures(area, from, to, SERVICES, Dashboard.rows(counters.area(area, to), from, to, SERVICES));
    }

    private static YearMonth month(String name, String raw, YearMonth fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            if (!raw.strip().matches("\\d{4}-\\d{2}")) {
                throw new DateTimeParseException("", raw, 0);
            }
            return YearMonth.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw Rejection.invalidQuery("invalid-month", "Mois invalide", name, "Un mois s'écrit AAAA-MM, par exemple 2026-03.");
        }
    }
}
