package eu.passerelle.redemption;

import eu.passerelle.Rejection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs a request at most once per idempotency key: the same key with the same body gets the
 * first answer again; the same key with another body is refused; a key whose request is still
 * running is refused for now; a request that failed unexpectedly leaves no trace, so it can be
 * retried. Deterministic refusals (validation problems) are answers like any other, kept.
 */
public final class Idempotency {

    /** An answer to keep: an HTTP status and a body. */
    public record Answer(int status, String body) {
    }

    static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");
    static final Duration KEEP = Duration.ofHours(24);
    static final Duration LOCK = Duration.ofSeconds(30);

    private final IdempotencyStore store;
    private final Clock clock;

    public Idempotency(IdempotencyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public static String requireKey(String header) {
        if (header == null || !KEY.matcher(header).matches()) {
            throw new Rejection(Rejection.Kind.INVALID, "idempotency-key-required", "Clé d'idempotence requise",
                    "Chaque demande porte un en-tête Idempotency-Key (1 à 128 caractères imprimables), le même à chaque nouvel essai.",
                    List.of(new Rejection.Pointer(Rejection.Pointer.Location.HEADER, "idempotency-key", "En-tête requis.")));
        }
        return header;
    }

    /**
     * @param scope who the key belongs to (keys of different providers never meet)
     * @param work  produces the answer; a rejection is an answer, anything else a failure
     */
    public Answer run(String scope, String key, String body, Supplier<Answer> work) {
        String hash = sha256(body == null ? "" : body);
        Instant now = clock.instant();
        Optional<IdempotencyStore.Entry> existing = store.begin(scope, key, hash, now, now.plus(LOCK), now.plus(KEEP));
        if (existing.isPresent()) {
            IdempotencyStore.Entry e = existing.get();
            if (!e.requestHash().equals(hash)) {
                throw new Rejection(Rejection.Kind.UNPROCESSABLE, "idempotency-key-reused", "Clé d'idempotence déjà utilisée",
                        "Cette clé a déjà servi pour une autre demande : une nouvelle demande prend une nouvelle clé.",
                        List.of(new Rejection.Pointer(Rejection.Pointer.Location.HEADER, "idempotency-key", "Déjà utilisée.")));
            }
            if (e.completed()) {
                return new Answer(e.status(), e.body());
            }
            throw new Rejection(Rejection.Kind.CONFLICT, "request-in-progress", "Demande en cours",
                    "La même demande est en cours de traitement : réessayez dans quelques secondes.", List.of());
        }
        Answer answer;
        try {
            answer = work.get();
        } catch (RuntimeException e) {
            store.abandon(scope, key);
            throw e;
        }
        store.complete(scope, key, answer.status(), answer.body(), now.plus(KEEP));
        return answer;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
