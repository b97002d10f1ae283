package eu.passerelle.questionnaire;

import eu.passerelle.Rejection;
import eu.passerelle.providers.Profession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The "je me sépare" rules: from a few answers, which of the four services fit and why. Family
 * mediation is never suggested when someone's safety is at stake (it presumes both parents can
 * meet freely); emergency contacts are then given first.
 */
public final class Questionnaire {

    static final Map<String, Set<String>> CHOICES = Map.of(
            "stage", Set.of("thinking", "deciding", "recent", "settled"),
            "children", Set.of("none", "young", "teens", "both"),
            "conflict", Set.of("calm", "tense", "high"),
            "housing", Set.of("settled", "to-decide", "urgent"),
            "legal", Set.of("none", "questions", "proceedings"),
            "money", Set.of("ok", "tight", "struggling"),
            "safety", Set.of("safe", "worried", "danger"),
            "country", Set.of("FR", "BE"));

    static final List<Recommendations.Contact> FRANCE = List.of(
            new Recommendations.Contact("Police secours", "17", "En cas de danger immédiat (ou le 112)."),
            new Recommendations.Contact("Violences Femmes Info", "3919", "Écoute anonyme et gratuite, 24 h sur 24."),
            new Recommendations.Contact("Allô enfance en danger", "119", "Si un enfant est en danger ou en risque de l'être, 24 h sur 24."),
            new Recommendations.Contact("SAMU social", "115", "Pour un hébergement d'urgence."));
    static final List<Recommendations.Contact> BELGIUM = List.of(
            new Recommendations.Contact("Police", "101", "En cas de danger immédiat (ou le 112)."),
            new Recommendations.Contact("Écoute violences conjugales", "0800 30 030", "Écoute anonyme et gratuite, 24 h sur 24."),
            new Recommendations.Contact("Écoute-Enfants", "103", "Pour les enfants et les adolescents."));

    private Questionnaire() {
    }

    public static Recommendations recommend(Answers a) {
        check(a);
        boolean safetyFirst = is(a.safety(), "worried", "danger");
        boolean children = is(a.children(), "young", "teens", "both");
        Map<Profession, List<String>> reasons = new LinkedHashMap<>();
        if (is(a.conflict(), "high") || is(a.stage(), "recent") || is(a.children(), "teens", "both") || safetyFirst) {
            List<String> why = new ArrayList<>();
            if (is(a.conflict(), "high")) {
                why.add("Un conflit intense use : un ou une psychologue aide à le traverser.");
            }
            if (is(a.stage(), "recent")) {
                why.add("Une séparation récente bouleverse : un soutien psychologique aide à s'y retrouver.");
            }
            if (is(a.children(), "teens", "both")) {
                why.add("Les adolescents vivent la séparation à leur manière : un ou une psychologue peut vous accompagner, vous et eux.");
            }
            if (safetyFirst) {
                why.add("Vous ne vous sentez pas en sécurité : un soutien psychologique vous aide à faire face.");
            }
            reasons.put(Profession.PSYCHOLOGIST, why);
        }
        if (children && !safetyFirst && !is(a.conflict(), "high")) {
            reasons.put(Profession.FAMILY_MEDIATOR, List.of(
                    "Avec des enfants, la médiation familiale aide à organiser la résidence, les vacances, les frais."));
        } else if (!safetyFirst && is(a.stage(), "thinking", "deciding") && is(a.conflict(), "calm", "tense")) {
            reasons.put(Profession.FAMILY_MEDIATOR, List.of(
                    "La médiation familiale aide à prendre ensemble les décisions de la séparation."));
        }
        if (is(a.legal(), "questions", "proceedings") || is(a.housing(), "to-decide") || is(a.conflict(), "high") || safetyFirst) {
            List<String> why = new ArrayList<>();
            if (is(a.legal(), "proceedings")) {
                why.add("Une procédure est en cours : un avocat ou une avocate vous représente et vous conseille.");
            } else if (is(a.legal(), "questions")) {
                why.add("Vous avez des questions de droit : un avocat ou une avocate y répond.");
            }
            if (is(a.housing(), "to-decide")) {
                why.add("Le logement est à décider : un avocat ou une avocate éclaire vos droits.");
            }
            if (is(a.conflict(), "high") && !is(a.legal(), "proceedings")) {
                why.add("Quand le dialogue est rompu, un avocat ou une avocate protège vos droits et ceux des enfants.");
            }
            if (safetyFirst && why.isEmpty()) {
                why.add("Un avocat ou une avocate peut demander des mesures de protection.");
            }
            reasons.put(Profession.LAWYER, why);
        }
        if (is(a.housing(), "urgent") || is(a.money(), "tight", "struggling")) {
            List<String> why = new ArrayList<>();
            if (is(a.housing(), "urgent")) {
                why.add("Un logement à trouver vite : un assistant ou une assistante de service social vous oriente.");
            }
            if (is(a.money(), "tight", "struggling")) {
                why.add("Le budget se tend : un assistant ou une assistante de service social vérifie vos droits (aides, pension).");
            }
            reasons.put(Profession.SOCIAL_WORKER, why);
        }
        if (reasons.isEmpty()) {
            reasons.put(Profession.FAMILY_MEDIATOR, List.of("Pour préparer sereinement la suite, la médiation familiale est un bon point de départ."));
        }
        List<Recommendations.Recommendation> services = new ArrayList<>();
        reasons.forEach((p, why) -> services.add(new Recommendations.Recommendation(p.code(), p.label(), List.copyOf(why))));
        List<Recommendations.Contact> contacts = safetyFirst ? ("BE".equals(a.country()) ? BELGIUM : FRANCE) : List.of();
        return new Recommendations(List.copyOf(services), safetyFirst, contacts);
    }

    private static void check(Answers a) {
        List<Rejection.Pointer> problems = new ArrayList<>();
        Map<String, String> given = new LinkedHashMap<>();
        given.put("stage", a.stage());
        given.put("children", a.children());
        given.put("conflict", a.conflict());
        given.put("housing", a.housing());
        given.put("legal", a.legal());
        given.put("money", a.money());
        given.put("safety", a.safety());
        given.put("country", a.country());
        given.forEach((question, answer) -> {
            if (answer != null && !CHOICES.get(question).contains(answer)) {
                problems.add(new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/" + question,
                        "Réponses possibles : " + String.join(", ", CHOICES.get(question).stream().sorted().toList()) + "."));
            }
        });
        if (a.safety() == null) {
            problems.add(new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/safety",
                    "Cette question compte : vous sentez-vous en sécurité ?"));
        }
        if (!problems.isEmpty()) {
            throw new Rejection(Rejection.Kind.INVALID, "invalid-answers", "Réponses à compléter",
                    problems.get(0).detail(), problems);
        }
    }

    private static boolean is(String answer, String... values) {
        if (answer == null) {
            return false;
        }
        for (String v : values) {
            if (v.equals(answer)) {
                return true;
            }
        }
        return false;
    }
}
