package eu.passerelle.functions.vouchers;

import eu.passerelle.Rejection;
import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;
import eu.passerelle.functions.http.JsonBodies;
import eu.passerelle.questionnaire.Answers;
import eu.passerelle.questionnaire.Questionnaire;
import eu.passerelle.questionnaire.SavedAnswers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** The "je me sépare" questionnaire: answered by anyone, kept only with a parent's consent. */
public final class QuestionnaireHandlers {

    /** How long kept answers stay: a year, then DynamoDB's TTL deletes them. */
    static final Duration KEPT_FOR = Duration.ofDays(365);

    /** The body of a consent to keep answers. */
    public record Consent(Answers answers, Boolean keep) {
    }

    private final Supplier<SavedAnswers> saved;
    private final Clock clock;

    public QuestionnaireHandlers(Supplier<SavedAnswers> saved, Clock clock) {
        this.saved = saved;
        this.clock = clock;
    }

    /** {@code POST /api/questionnaire}: recommendations; nothing is stored. */
    public HttpResponse recommend(HttpRequest request) {
        return HttpResponse.ok(Questionnaire.recommend(JsonBodies.read(request, Answers.class)));
    }

    /** {@code PUT /api/me/questionnaire}: keeps the answers, only with {@code keep: true}. */
    public HttpResponse keep(HttpRequest request) {
        Consent consent = JsonBodies.read(request, Consent.class);
        if (!Boolean.TRUE.equals(consent.keep()) || consent.answers() == null) {
            throw new Rejection(Rejection.Kind.INVALID, "consent-required", "Accord requis",
                    "Vos réponses ne sont gardées que si vous le demandez (keep: true).", List.of(
                    new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/keep", "Accord requis.")));
        }
        Questionnaire.recommend(consent.answers());
        Instant now = clock.instant();
        saved.get().save(request.requireCaller().subject(), consent.answers(), now, now.plus(KEPT_FOR));
        return HttpResponse.ok(Questionnaire.recommend(consent.answers()));
    }

    /** {@code GET /api/me/questionnaire} */
    public HttpResponse kept(HttpRequest request) {
        return HttpResponse.ok(saved.get().find(request.requireCaller().subject()).orElseThrow(() -> Rejection.notFound(
                "no-answers", "Aucune réponse gardée", "Vous n'avez pas demandé à garder vos réponses.")));
    }

    /** {@code DELETE /api/me/questionnaire} */
    public HttpResponse forget(HttpRequest request) {
        saved.get().delete(request.requireCaller().subject());
        return new HttpResponse(204, java.util.Map.of("cache-control", "no-store"), "");
    }
}
