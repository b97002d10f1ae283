package eu.passerelle.signals;

import java.time.DayOfWeek;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules that flag a provider's month, from counters kept as redemptions apply. Thresholds
 * are deliberately coarse: they pick what deserves a look among thousands of providers.
 */
public final class SignalRules {

    /**
     * @param peerFactor      how many times the peers' median makes a volume "far above"
     * @param minimumVolume   below this many sessions a month nothing is "far above" anything
     * @param sameDaySessions sessions on one day that are hard to hold (about a full day's agenda)
     * @param lastDayShare    share of a month's sessions on vouchers' last day that is unusual
     * @param lastDayMinimum  and the smallest count for that share to mean anything
     */
    public record Thresholds(double peerFactor, long minimumVolume, long sameDaySessions, double lastDayShare,
                             long lastDayMinimum) {
        public static final Thresholds DEFAULT = new Thresholds(3.0, 10, 8, 0.3, 3);
    }

    private final Thresholds thresholds;

    public SignalRules(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    /**
     * @param months   every provider's counters for one month (all departments, all services)
     * @param profiles approval dates and closed days, by provider id (absent: unknown)
     * @param days     a provider's sessions per day of that month; asked only for providers that
     *                 may have a cluster or a closed-day session
     */
    public List<Signal> evaluate(List<ProviderMonth> months, Map<String, ProviderProfile> profiles,
                                 Function<String, List<DaySessions>> days) {
        List<Signal> signals = new ArrayList<>();
        Map<String, List<ProviderMonth>> peers = months.stream()
                .collect(Collectors.groupingBy(m -> m.department() + "|" + m.service()));
        for (ProviderMonth m : months) {
            if (m.sessions() <= 0) {
                continue;
            }
            ProviderProfile profile = profiles.get(m.providerId());
            List<Long> others = peers.get(m.department() + "|" + m.service()).stream()
                    .filter(o -> !o.providerId().equals(m.providerId()) && o.sessions() > 0)
                    .map(ProviderMonth::sessions).sorted().toList();
            double median = median(others);
            boolean farAbove = !others.isEmpty() && m.sessions() >= thresholds.minimumVolume()
                    && m.sessions() >= thresholds.peerFactor() * Math.max(1, median);
            if (farAbove) {
                signals.add(signal(m, Signal.Kind.VOLUME_ABOVE_PEERS, m.sessions() + " séances ce mois, "
                        + "quand la médiane des " + others.size() + " confrères du département pour ce service est de "
                        + format(median) + ".", List.of("Séances du prestataire : " + m.sessions(),
                        "Confrères comparés : " + others.size(), "Médiane des confrères : " + format(median))));
            }
            if (profile != null && profile.approvedAt() != null && farAbove) {
                YearMonth approved = YearMonth.from(profile.approvedAt().atZone(eu.passerelle.evaluation.Evaluation.ZONE));
                if (!m.month().isBefore(approved) && !m.month().isAfter(approved.plusMonths(1))) {
                    signals.add(signal(m, Signal.Kind.JUMP_AFTER_APPROVAL, m.sessions()
                            + " séances dans le mois de l'agrément ou le suivant (agréé en " + approved + ").",
                            List.of("Agrément : " + profile.approvedAt(), "Séances en " + m.month() + " : " + m.sessions(),
                                    "Médiane des confrères : " + format(median))));
                }
            }
            long closed = profile == null ? 0 : profile.closedDays().stream().mapToLong(m::on).sum();
            boolean mayCluster = m.sessions() >= thresholds.sameDaySessions();
            List<DaySessions> perDay = mayCluster || closed > 0 ? days.apply(m.providerId()) : List.of();
            if (mayCluster) {
                List<DaySessions> clusters = perDay.stream().filter(d -> d.sessions() >= thresholds.sameDaySessions())
                        .sorted(Comparator.comparing(DaySessions::day)).toList();
                if (!clusters.isEmpty()) {
                    signals.add(signal(m, Signal.Kind.SAME_DAY_CLUSTER, clusters.size() + " jour(s) avec "
                            + thresholds.sameDaySessions() + " séances ou plus.", clusters.stream()
                            .map(d -> d.day() + " : " + d.sessions() + " séances").toList()));
                }
            }
            if (closed > 0) {
                List<String> evidence = new ArrayList<>();
                evidence.add("Jours de fermeture déclarés : " + profile.closedDays().stream().sorted()
                        .map(SignalRules::dayName).collect(Collectors.joining(", ")));
                perDay.stream().filter(d -> profile.closedDays().contains(d.day().getDayOfWeek()))
                        .sorted(Comparator.comparing(DaySessions::day))
                        .forEach(d -> evidence.add(d.day() + " (" + dayName(d.day().getDayOfWeek()) + ") : "
                                + d.sessions() + " séance(s)"));
                signals.add(signal(m, Signal.Kind.CLOSED_DAY, closed + " séance(s) un jour de fermeture déclaré.", evidence));
            }
            if (m.lastDaySessions() >= thresholds.lastDayMinimum()
                    && m.lastDaySessions() >= thresholds.lastDayShare() * m.sessions()) {
                signals.add(signal(m, Signal.Kind.LAST_DAY_OF_VALIDITY, m.lastDaySessions() + " des " + m.sessions()
                        + " séances tenues le dernier jour de validité du bon.", List.of(
                        "Séances le dernier jour : " + m.lastDaySessions(), "Séances du mois : " + m.sessions())));
            }
        }
        return signals;
    }

    static double median(List<Long> sorted) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String dayName(DayOfWeek d) {
        return d.getDisplayName(TextStyle.FULL, Locale.FRENCH);
    }

    private static Signal signal(ProviderMonth m, Signal.Kind kind, String summary, List<String> evidence) {
        return new Signal(m.providerId(), m.department(), m.service(), m.month(), kind, summary, evidence);
    }
}
