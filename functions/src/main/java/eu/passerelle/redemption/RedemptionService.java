package eu.passerelle.redemption;

import eu.passerelle.Rejection;
import eu.passerelle.providers.Page;
import eu.passerelle.providers.Provider;
import eu.passerelle.vouchers.EarliestIssue;
import eu.passerelle.vouchers.ProgrammeRules;
import eu.passerelle.vouchers.VoucherCode;
import eu.passerelle.vouchers.VoucherCodes;
import eu.passerelle.vouchers.VoucherService;
import eu.passerelle.vouchers.VoucherTokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Redemption: what can be checked without the database is checked at once (the code's shape,
 * check symbol, signature, key and expiry, the provider's approval and service, the session
 * date); the rest is queued and applied exactly once by the consumer.
 */
public final class RedemptionService {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    /**
     * How long one message may keep trying for its provider's ledger within a delivery: under
     * contention (a batch of 85, or 20 singles, applied by 5 consumers at once) every attempt
     * but one loses the head's condition; with jittered backoff they all get through in well
     * under a second each, instead of waiting for the queue's visibility timeout.
     */
    public static final Duration LEDGER_PATIENCE = Duration.ofSeconds(5);
    private static final long BACKOFF_FIRST_MILLIS = 4;
    private static final long BACKOFF_CAP_MILLIS = 160;
    private static final Logger LOG = Logger.getLogger(RedemptionService.class.getName());

    private final RedemptionStore store;
    private final RedemptionQueue queue;
    private final VoucherFactsSource vouchers;
    private final Supplier<VoucherCodes> codes;
    private final Supplier<VoucherTokens> tokens;
    private final Clock clock;
    private final Duration cancellationWindow;
    private final EarliestIssue earliestIssue;
    private final SecureRandom random = new SecureRandom();

    public RedemptionService(RedemptionStore store, RedemptionQueue queue, VoucherFactsSource vouchers,
                             Supplier<VoucherCodes> codes, Supplier<VoucherTokens> tokens, Clock clock,
                             Duration cancellationWindow) {
        this(store, queue, vouchers, codes, tokens, clock, cancellationWindow, EarliestIssue.UNKNOWN);
    }

    /** @param earliestIssue refuses at once a session before the voucher's issue (from its code: no database) */
    public RedemptionService(RedemptionStore store, RedemptionQueue queue, VoucherFactsSource vouchers,
                             Supplier<VoucherCodes> codes, Supplier<VoucherTokens> tokens, Clock clock,
                             Duration cancellationWindow, EarliestIssue earliestIssue) {
        this.earliestIssue = earliestIssue;
        this.store = store;
        this.queue = queue;
        this.vouchers = vouchers;
        this.codes = codes;
        this.tokens = tokens;
        this.clock = clock;
        this.cancellationWindow = cancellationWindow;
    }

    private LocalDate today() {
        return clock.instant().atZone(ProgrammeRules.ZONE).toLocalDate();
    }

    /**
     * Accepts a redemption for the consumer, or says at once what is wrong.
     *
     * @param pointerPrefix where the fields sit in the request body ({@code #/} or {@code #/items/3/})
     */
    public Redemption accept(Provider provider, RedemptionForm form, String pointerPrefix) {
        return accept(provider, form, pointerPrefix, null);
    }

    /**
     * As above; {@code completing} gives the idempotency record to complete in the transaction
     * that records a new redemption (null: the caller completes it).
     *
     * @throws RedemptionStore.ProviderNotApproved if the provider was suspended since its record was read
     */
    public Redemption accept(Provider provider, RedemptionForm form, String pointerPrefix,
                             Function<Redemption, Idempotency.Completion> completing) {
        return accept(provider, form, pointerPrefix, completing, false);
    }

    /**
     * @param resuming this request takes over the same request left unfinished by a crash: a
     *                 session it finds already recorded on the voucher is its own, answered as such
     */
    public Redemption accept(Provider provider, RedemptionForm form, String pointerPrefix,
                             Function<Redemption, Idempotency.Completion> completing, boolean resuming) {
        if (form == null || form.code() == null || form.code().isBlank()) {
            throw invalid(pointerPrefix + "code", "missing-code", "Code manquant", "Saisissez ou scannez le code du bon.");
        }
        // A scanned QR token stands for the code it carries, once its signature checks out.
        Optional<String> entered = tokens.get().codeFrom(form.code());
        if (entered.isEmpty()) {
            throw notForYou(pointerPrefix);
        }
        VoucherCode.Reading reading = VoucherCode.read(entered.get());
        if (reading instanceof VoucherCode.Reading.Incomplete incomplete) {
            throw VoucherService.incompleteCode(pointerPrefix + "code", incomplete.missing());
        }
        if (reading instanceof VoucherCode.Reading.Mistyped) {
            throw invalid(pointerPrefix + "code", "mistyped-code", "Code mal saisi",
                    "Le caractère de contrôle ne correspond pas : un caractère du code est sans doute mal saisi.");
        }
        if (!(reading instanceof VoucherCode.Reading.Read read)
                || read.code().service().profession() != provider.application().profession()) {
            throw notForYou(pointerPrefix);
        }
        VoucherCode code = read.code();
        LocalDate sessionDate = sessionDate(form.sessionDate(), pointerPrefix);
        VoucherCodes.Verdict verdict = codes.get().verify(code, provider.id(), today());
        if (verdict == VoucherCodes.Verdict.NOT_FOR_YOU) {
            throw notForYou(pointerPrefix);
        }
        if (sessionDate.isAfter(code.expiresOn())) {
            throw invalid(pointerPrefix + "sessionDate", "session-after-expiry", "Séance après la validité",
                    "Ce bon n'était plus valable le " + sessionDate + " (valable jusqu'au " + code.expiresOn() + ").");
        }
        Optional<LocalDate> issuedFrom = earliestIssue.of(code);
        if (issuedFrom.isPresent() && sessionDate.isBefore(issuedFrom.get())) {
            throw invalid(pointerPrefix + "sessionDate", "session-before-issue", "Séance avant l'émission du bon",
                    "Ce bon n'existait pas encore le " + sessionDate + " : il a été émis le " + issuedFrom.get()
                            + " au plus tôt, une séance ne peut pas le précéder.");
        }
        // Most declarations are the provider's first on their voucher: record it at once; the
        // claim is read only when the provider already has one (a retry, or after a rejection).
        try {
            return open(provider, code, sessionDate, null, completing);
        } catch (RedemptionStore.ClaimChanged claimed) {
            // Read below.
        }
        Optional<RedemptionStore.Claim> claim = store.claim(code.id(), provider.id());
        if (claim.isPresent()) {
            Redemption current = store.find(claim.get().redemptionId()).orElseThrow();
            if (current.status() == RedemptionStatus.APPLIED) {
                if (resuming && current.sessionDate().equals(sessionDate)) {
                    return current; // this very request recorded it before a crash
                }
                // A new declaration of a session already recorded on this voucher is a mistake the
                // provider must see, not a success (a retry of the same request replays its first answer).
                throw alreadyUsed(current, pointerPrefix);
            }
            if (current.status() == RedemptionStatus.PENDING) {
                // The first request may have died before queuing: queue again (the queue drops duplicates).
                sendOrLeaveToSweeper(current, claim.get().attempt());
                if (!current.sessionDate().equals(sessionDate)) {
                    throw alreadyUsed(current, pointerPrefix);
                }
                return current; // the same declaration again: one redemption
            }
        }
        try {
            return open(provider, code, sessionDate, claim.orElse(null), completing);
        } catch (RedemptionStore.ClaimChanged claimedMeanwhile) {
            throw RedemptionStore.concurrentRedemption();
        }
    }

    private Redemption open(Provider provider, VoucherCode code, LocalDate sessionDate, RedemptionStore.Claim previous,
                            Function<Redemption, Idempotency.Completion> completing) {
        int attempt = previous == null ? 1 : previous.attempt() + 1;
        Instant now = clock.instant();
        Redemption redemption = new Redemption(newId(), provider.id(), code.id(), code.format(), code.service().code(),
                sessionDate, RedemptionStatus.PENDING, null, now, now, null);
        Idempotency.Completion completion = completing == null ? null : completing.apply(redemption);
        store.open(redemption, new RedemptionStore.Claim(attempt, redemption.id()), previous, completion);
        if (completion != null) {
            completion.written();
        }
        sendOrLeaveToSweeper(redemption, attempt);
        return redemption;
    }

    /**
     * Queues a recorded redemption. If the queue cannot be reached, the redemption stays pending
     * and the sweeper ({@link #requeueStale}) queues it a few minutes later: the provider's 202
     * is still true, and a retry of the request would change nothing.
     */
    private void sendOrLeaveToSweeper(Redemption r, int attempt) {
        try {
            send(r, attempt);
        } catch (RuntimeException e) {
            LOG.warning("Redemption " + r.id() + " recorded but not queued (" + e.getClass().getSimpleName()
                    + "): the sweeper will queue it");
        }
    }

    private void send(Redemption r, int attempt) {
        queue.send(new RedemptionMessage(r.id(), r.providerId(), r.voucherId(), r.code(), r.sessionDate(), r.createdAt()),
                r.voucherId(), deduplicationId(r.voucherId(), r.providerId(), attempt));
    }

    /** Derived from the voucher and the provider (and the attempt, after a rejection or cancellation). */
    static String deduplicationId(String voucherId, String providerId, int attempt) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((voucherId + "|" + providerId + "|" + attempt).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private LocalDate sessionDate(String raw, String prefix) {
        LocalDate date;
        try {
            date = raw == null ? null : LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            date = null;
        }
        if (date == null) {
            throw invalid(prefix + "sessionDate", "invalid-session-date", "Date de séance invalide",
                    "Indiquez la date de la séance au format AAAA-MM-JJ.");
        }
        if (date.isAfter(today())) {
            throw invalid(prefix + "sessionDate", "session-in-future", "Séance à venir",
                    "Une séance se déclare une fois tenue : le " + date + " est dans le futur.");
        }
        return date;
    }

    private String newId() {
        StringBuilder id = new StringBuilder("R");
        for (int i = 0; i < 15; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    private static final java.time.format.DateTimeFormatter FRENCH_DAY =
            java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.FRENCH);

    /** The voucher already carries a session of this provider: said with that session's date. */
    static Rejection alreadyUsed(Redemption first, String prefix) {
        String day = FRENCH_DAY.format(first.sessionDate());
        String detail = first.status() == RedemptionStatus.APPLIED
                ? "Ce bon a déjà été utilisé le " + day + " : une séance ne se déclare qu'une fois par bon."
                : "Ce bon a déjà été déclaré pour une séance le " + day + " (en cours d'enregistrement) : "
                + "une séance ne se déclare qu'une fois par bon.";
        return new Rejection(Rejection.Kind.CONFLICT, "voucher-already-used", "Bon déjà utilisé", detail,
                List.of(new Rejection.Pointer(Rejection.Pointer.Location.BODY, prefix + "code", detail)));
    }

    private static Rejection notForYou(String prefix) {
        return new Rejection(Rejection.Kind.UNPROCESSABLE, "voucher-not-valid", "Bon non valable",
                "Ce code n'est pas valable pour vous.", List.of(new Rejection.Pointer(Rejection.Pointer.Location.BODY,
                prefix + "code", "Non valable pour vous.")));
    }

    private static Rejection invalid(String pointer, String type, String title, String detail) {
        return new Rejection(Rejection.Kind.INVALID, type, title, detail,
                List.of(new Rejection.Pointer(Rejection.Pointer.Location.BODY, pointer, detail)));
    }

    /** A queued redemption that cannot apply until someone fixes the cause; the message says it to an agent. */
    public static final class CannotApply extends IllegalStateException {
        public CannotApply(String reason) {
            super(reason);
        }
    }

    /** The outcome of applying one queued redemption. */
    public enum Applied { APPLIED, NOTHING_TO_DO, REJECTED, RETRY_LATER }

    /**
     * Applies a queued redemption exactly once: the same message again changes nothing.
     *
     * @throws CannotApply for a message that can never apply as things are (a poison message)
     */
    public Applied apply(RedemptionMessage message) {
        return apply(message, clock.instant().plus(LEDGER_PATIENCE));
    }

    /**
     * As {@link #apply(RedemptionMessage)}, trying for the provider's ledger until {@code deadline}
     * (the consumer's share of its invocation's time) before handing the message back.
     */
    public Applied apply(RedemptionMessage message, Instant deadline) {
        // Another consumer may take the same provider's next ledger number between our read and
        // our write: read again and retry here, after a jittered pause (contenders spread out
        // instead of colliding again), until the deadline, before handing it back to the queue.
        for (int round = 1; ; round++) {
            RedemptionStore.Applying state = store.applying(message.redemptionId(), message.voucherId(), message.providerId());
            Redemption r = state.redemption().orElseThrow(
                    () -> new CannotApply("La déclaration " + message.redemptionId() + " est introuvable dans la base."));
            if (!r.voucherId().equals(message.voucherId()) || !r.providerId().equals(message.providerId())) {
                throw new CannotApply("Le message de la déclaration " + r.id() + " ne correspond pas à la déclaration enregistrée.");
            }
            if (r.status() != RedemptionStatus.PENDING) {
                return Applied.NOTHING_TO_DO;
            }
            Instant now = clock.instant();
            Optional<VoucherFacts> facts = state.voucher();
            String refusal = facts.isEmpty() ? "Ce bon est inconnu." : refusal(r, facts.get());
            if (refusal != null) {
                // What was read may be stale: another delivery of the message may have applied it
                // meanwhile (the voucher then reads as redeemed by this very redemption).
                return store.reject(r, refusal, now) ? Applied.REJECTED : Applied.NOTHING_TO_DO;
            }
            switch (store.apply(r, facts.get(), state.ledgerHead(), now)) {
                case APPLIED:
                    return Applied.APPLIED;
                case ALREADY_DONE:
                    return Applied.NOTHING_TO_DO;
                case LEDGER_BUSY:
                    if (pauseBeforeRetry(round, deadline)) {
                        continue;
                    }
                    return Applied.RETRY_LATER;
                case VOUCHER_UNAVAILABLE:
                default:
                    // It changed between our read and the write: read again for the provider's reason.
                    Optional<VoucherFacts> fresh = vouchers.facts(r.voucherId());
                    String reason = fresh.isEmpty() ? "Ce bon est inconnu." : refusal(r, fresh.get());
                    return store.reject(r, reason == null ? "Ce bon vient de changer d'état : déclarez la séance à nouveau." : reason,
                            clock.instant()) ? Applied.REJECTED : Applied.NOTHING_TO_DO;
            }
        }
    }

    /** Full jitter, exponential up to a cap; false when the pause would end past the deadline. */
    private boolean pauseBeforeRetry(int round, Instant deadline) {
        long cap = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_FIRST_MILLIS << Math.min(round, 10));
        long pause = java.util.concurrent.ThreadLocalRandom.current().nextLong(cap + 1);
        if (clock.instant().plusMillis(pause).isAfter(deadline)) {
            return false;
        }
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    /** Why a redemption cannot apply to a voucher, in the provider's words; null when it can. */
    static String refusal(Redemption r, VoucherFacts v) {
        if (v.providerId() != null && !v.providerId().equals(r.providerId())) {
            return "Ce bon est réservé à un autre professionnel.";
        }
        switch (v.status()) {
            case "RETURNED":
                return "Le parent a rendu ce bon : il n'est plus valable.";
            case "REDEEMED":
                return r.providerId().equals(v.redeemedBy())
                        ? "Vous avez déjà déclaré une séance avec ce bon."
                        : "Ce bon a déjà été utilisé auprès d'un autre professionnel.";
            default:
                break;
        }
        LocalDate issued = v.issuedAt().atZone(ProgrammeRules.ZONE).toLocalDate();
        if (r.sessionDate().isBefore(issued)) {
            return "La séance du " + r.sessionDate() + " précède l'émission du bon (le " + issued + ").";
        }
        if (r.sessionDate().isAfter(v.expiresOn())) {
            return "La séance du " + r.sessionDate() + " suit la fin de validité du bon (le " + v.expiresOn() + ").";
        }
        return null;
    }

    /** A provider's own redemption; another's is as unknown as a missing one. */
    public Redemption own(Provider provider, String id) {
        return store.find(id).filter(r -> r.providerId().equals(provider.id())).orElseThrow(() -> Rejection.notFound(
                "unknown-redemption", "Déclaration introuvable", "Aucune de vos déclarations ne porte cet identifiant."));
    }

    public Page<Redemption> history(Provider provider, RedemptionStatus status, String cursor, int limit) {
        return store.ofProvider(provider.id(), status, cursor, limit);
    }

    /** The provider withdraws a declaration within the window; once paid, the next statement reverses it. */
    public Redemption cancel(Provider provider, String id) {
        Redemption r = own(provider, id);
        Instant now = clock.instant();
        if (r.status() == RedemptionStatus.CANCELLED || r.status() == RedemptionStatus.REJECTED) {
            throw new Rejection(Rejection.Kind.CONFLICT, "not-cancellable", "Annulation impossible",
                    "Cette déclaration est déjà " + (r.status() == RedemptionStatus.CANCELLED ? "annulée." : "refusée."), List.of());
        }
        if (now.isAfter(r.createdAt().plus(cancellationWindow))) {
            throw new Rejection(Rejection.Kind.CONFLICT, "cancellation-window-over", "Délai dépassé",
                    "Une déclaration s'annule dans les " + cancellationWindow.toDays() + " jours : contactez le programme.", List.of());
        }
        VoucherFacts facts = r.status() == RedemptionStatus.APPLIED
                ? vouchers.facts(r.voucherId()).orElseThrow() : null;
        store.cancel(r, facts, now);
        return r.with(RedemptionStatus.CANCELLED, null, now, r.ledgerSequence());
    }

    /** Queues again what stayed pending (a crash between recording and queuing loses nothing). */
    public int requeueStale(Duration olderThan) {
        Instant now = clock.instant();
        List<Redemption> stale = store.pendingSince(now.minus(olderThan), SWEEP_LIMIT);
        for (Redemption r : stale) {
            int attempt = store.claim(r.voucherId(), r.providerId()).map(RedemptionStore.Claim::attempt).orElse(1);
            // A deduplication id of this sweep's own: the first send's id may still be in the FIFO
            // queue's 5-minute window although its message is gone (a crash of the queue's host
            // after its acknowledgement), which would drop this one silently. A duplicate is harmless:
            // applying a redemption no longer pending changes nothing.
            queue.send(new RedemptionMessage(r.id(), r.providerId(), r.voucherId(), r.code(), r.sessionDate(), r.createdAt()),
                    r.voucherId(), deduplicationId(r.voucherId(), r.providerId(), attempt).substring(0, 40)
                            + "-sweep-" + now.getEpochSecond());
        }
        return stale.size();
    }

    /** Pending redemptions a sweep queues again at most (every five minutes). */
    static final int SWEEP_LIMIT = 5000;
}
