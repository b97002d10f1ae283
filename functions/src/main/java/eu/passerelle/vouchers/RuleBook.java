package eu.passerelle.vouchers;

import eu.passerelle.Rejection;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every version of the programme's rules, in order. Versions are added, never edited: a new one
 * starts on a future day (so nothing already done is repriced) and closes the previous one the
 * day before.
 */
public final class RuleBook {

    static final int MAX_SESSIONS = 20;
    static final long MAX_TARIFF_CENTS = 50_000;

    private final List<RuleVersion> versions;

    public RuleBook(List<RuleVersion> versions) {
        List<RuleVersion> sorted = new ArrayList<>(versions.isEmpty() ? List.of(RuleVersion.initial()) : versions);
        sorted.sort(Comparator.comparingInt(RuleVersion::sequence));
        for (int i = 1; i < sorted.size(); i++) {
            RuleVersion before = sorted.get(i - 1);
            RuleVersion after = sorted.get(i);
            if (!after.validFrom().equals(before.validUntil())) {
                throw new IllegalStateException("Rule versions " + before.sequence() + " and " + after.sequence() + " do not follow each other");
            }
        }
        this.versions = List.copyOf(sorted);
    }

    public List<RuleVersion> versions() {
        return versions;
    }

    public RuleVersion last() {
        return versions.get(versions.size() - 1);
    }

    /** The version in force on a day (Europe/Paris calendar), if the programme had started. */
    public Optional<RuleVersion> inForceOn(LocalDate day) {
        return versions.stream().filter(v -> v.inForceOn(day)).findFirst();
    }

    public Optional<RuleVersion> version(int sequence) {
        return versions.stream().filter(v -> v.sequence() == sequence).findFirst();
    }

    /**
     * Checks a draft and returns the version it becomes, starting after {@code today}.
     *
     * @throws Rejection INVALID naming each field to fix
     */
    public RuleVersion draft(RuleDraft draft, LocalDate today, Instant now, String agent) {
        List<Rejection.Pointer> problems = new ArrayList<>();
        LocalDate from = null;
        try {
            from = draft.validFrom() == null ? null : LocalDate.parse(draft.validFrom());
        } catch (DateTimeParseException e) {
            from = null;
        }
        if (from == null) {
            problems.add(pointer("validFrom", "Date de début au format AAAA-MM-JJ."));
        } else if (!from.isAfter(today)) {
            problems.add(pointer("validFrom", "Une nouvelle version commence au plus tôt demain : rien de ce qui est fait n'est modifié."));
        } else if (!from.isAfter(last().validFrom())) {
            problems.add(pointer("validFrom", "La version " + last().sequence() + " commence le " + last().validFrom()
                    + " : la nouvelle version commence après."));
        }
        if (last().sequence() >= VoucherCode.MAX_RULE_SEQUENCE) {
            problems.add(pointer("validFrom", "Le nombre maximal de versions est atteint."));
        }
        int sessions = draft.sessionsPerService() == null ? -1 : draft.sessionsPerService();
        if (sessions < 1 || sessions > MAX_SESSIONS) {
            problems.add(pointer("sessionsPerService", "Entre 1 et " + MAX_SESSIONS + " séances par service."));
        }
        int months = draft.validityMonths() == null ? -1 : draft.validityMonths();
        if (months < 1 || months > 36) {
            problems.add(pointer("validityMonths", "Une validité de 1 à 36 mois."));
        }
        Map<Service, Long> tariffs = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            Long cents = draft.tariffCents() == null ? null : draft.tariffCents().get(s.code());
            if (cents == null || cents <= 0 || cents > MAX_TARIFF_CENTS) {
                problems.add(pointer("tariffCents/" + s.code(), "Tarif en centimes, entre 1 et " + MAX_TARIFF_CENTS + "."));
            } else {
                tariffs.put(s, cents);
            }
        }
        if (draft.tariffCents() != null) {
            draft.tariffCents().keySet().stream().filter(k -> Service.fromCode(k).isEmpty())
                    .forEach(k -> problems.add(pointer("tariffCents/" + k, "Service inconnu.")));
        }
        List<IncomeTier> tiers = tiers(draft.tiers(), tariffs, problems);
        if (!problems.isEmpty()) {
            throw new Rejection(Rejection.Kind.INVALID, "invalid-rules", "Règles à corriger",
                    problems.size() == 1 ? problems.get(0).detail() : problems.size() + " champs sont à corriger.", problems);
        }
        return new RuleVersion(last().sequence() + 1, from, null, sessions, months, tariffs, tiers, now, agent);
    }

    private static List<IncomeTier> tiers(List<RuleDraft.TierDraft> drafts, Map<Service, Long> tariffs,
                                          List<Rejection.Pointer> problems) {
        if (drafts == null || drafts.isEmpty() || drafts.size() > 10) {
            problems.add(pointer("tiers", "De 1 à 10 tranches de revenus."));
            return List.of();
        }
        List<IncomeTier> tiers = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        Integer previousBound = null;
        for (int i = 0; i < drafts.size(); i++) {
            RuleDraft.TierDraft t = drafts.get(i);
            boolean last = i == drafts.size() - 1;
            if (t.code() == null || !t.code().matches("[A-Z]") || !codes.add(t.code())) {
                problems.add(pointer("tiers/" + i + "/code", "Une lettre majuscule, différente pour chaque tranche."));
                continue;
            }
            if (t.label() == null || t.label().isBlank() || t.label().length() > 120) {
                problems.add(pointer("tiers/" + i + "/label", "Un libellé de 1 à 120 caractères."));
                continue;
            }
            String boundProblem = boundProblem(t.upToQuotient(), previousBound, last);
            if (boundProblem != null) {
                problems.add(pointer("tiers/" + i + "/upToQuotient", boundProblem));
                continue;
            }
            // Set before the co-payment is checked, so that the next band is compared with this one.
            previousBound = t.upToQuotient();
            long cheapest = tariffs.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
            if (t.coPaymentCents() == null || t.coPaymentCents() < 0 || t.coPaymentCents() > cheapest) {
                problems.add(pointer("tiers/" + i + "/coPaymentCents", "Une participation en centimes, de 0 au plus petit tarif."));
                continue;
            }
            tiers.add(new IncomeTier(t.code(), t.label().strip(), t.upToQuotient(), t.coPaymentCents()));
        }
        return tiers;
    }

    /** Why a band's upper bound is wrong (null when right): bounds rise from band to band, the last has none. */
    private static String boundProblem(Integer bound, Integer previous, boolean last) {
        if (last) {
            return bound == null ? null : "La dernière tranche n'a pas de plafond : laissez-le vide.";
        }
        if (bound == null || bound <= 0) {
            return "Un plafond en euros, plus grand que 0 (seule la dernière tranche n'en a pas).";
        }
        if (previous != null && bound <= previous) {
            return "Les plafonds vont en croissant : celui-ci doit dépasser " + previous + " €, le plafond de la tranche précédente.";
        }
        return null;
    }

    private static Rejection.Pointer pointer(String field, String detail) {
        return new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/" + field, detail);
    }

}
