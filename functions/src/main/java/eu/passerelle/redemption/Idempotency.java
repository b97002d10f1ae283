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
import java.util.function.Function;
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

    /**
     * A request's completed record, for the work to write in its own transaction (one write
     * fewer, and no window where the work is done but the record still says in progress).
     * The work calls {@link #written()} once that transaction has committed.
     */
    public static final class Completion {
        private final String scope;
        private final String key;
        private final String requestHash;
        private final Answer answer;
        private final Instant expiresAt;
        private boolean written;

        Completion(String scope, String key, String requestHash, Answer answer, Instant expiresAt) {
            this.scope = scope;
            this.key = key;
            this.requestHash = requestHash;
            this.answer = answer;
            this.expiresAt = expiresAt;
        }

        public String scope() {
            return scope;
        }

        public String key() {
            return key;
        }

        /** The in-progress record's hash: the write is conditioned on it still being this request's. */
        public String requestHash() {
            return requestHash;
        }

        public Answer answer() {
            return answer;
        }

        public Instant expiresAt() {
            return expiresAt;
        }

        public void written() {
            written = true;
        }
    }

    /** A request being run: what the work needs to complete its record itself. */
    public static final class Ticket {
        private final String scope;
        private final String key;
        private final String requestHash;
        private final Instant expiresAt;
        private Completion completion;
        private boolean resumed;

        /**
         * Whether this request takes over the same request (same key and body) that a crash left
         * in progress: what that one already recorded is this request's own work, not a duplicate.
         */
        public boolean resumed() {
            return resumed;
        }

        Ticket(String scope, String key, String requestHash, Instant expiresAt) {
            this.scope = scope;
            this.key = key;
            this.requestHash = requestHash;
            this.expiresAt = expiresAt;
        }

        /** The completed record for this answer, to write with the work's own writes. */
        public Completion completion(Answer answer) {
            completion = new Completion(scope, key, requestHash, answer, expiresAt);
            return completion;
        }

        boolean completedWith(Answer answer) {
            return completion != null && completion.written && completion.answer.equals(answer);
        }
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
        return run(scope, key, body, ticket -> work.get());
    }

    /**
     * As {@link #run(String, String, String, Supplier)}, for work that may write the completed
     * record in its own transaction ({@link Ticket#completion}); otherwise it is written after.
     */
    public Answer run(String scope, String key, String body, Function<Ticket, Answer> work) {
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
        Ticket ticket = new Ticket(scope, key, hash, now.plus(KEEP));
        ticket.resumed = store.tookOverSameRequest();
        Answer answer;
        try {
            answer = work.apply(ticket);
        } catch (RuntimeException e) {
            if (ticket.completion == null || !ticket.completion.written) {
                store.abandon(scope, key);
            }
            throw e;
        }
        if (!ticket.completedWith(answer)) {
            store.complete(scope, key, answer.status(), answer.body(), now.plus(KEEP));
        }
        return answer;
    }

    /** The hash a request's body is kept under. */
    public static String requestHash(String body) {
        return sha256(body == null ? "" : body);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
