package eu.passerelle.redemption;

import eu.passerelle.Rejection;
import eu.passerelle.providers.Page;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where redemptions and providers' ledgers live. A ledger is each provider's append-only list of
 * entries (redemptions and their reversals) numbered 1, 2, 3…: reimbursement runs settle it
 * through a watermark, never entry by entry.
 */
public interface RedemptionStore {

    /** What a provider has already asked for a voucher: the current attempt and its redemption. */
    record Claim(int attempt, String redemptionId) {
    }

    /** The latest claim of a provider on a voucher, if any. */
    Optional<Claim> claim(String voucherId, String providerId);

    /**
     * Records a pending redemption as the provider's new claim on its voucher, in one
     * transaction that also checks the provider is still approved.
     *
     * @param previous   the claim it replaces (after a rejection or cancellation), or null
     * @param completion the idempotency record to complete in the same transaction, or null
     * @throws ClaimChanged          if the provider's claim is not {@code previous} (any more)
     * @throws ProviderNotApproved   if the provider is no longer approved
     * @throws eu.passerelle.Rejection CONFLICT if the idempotency record is no longer this request's
     */
    void open(Redemption redemption, Claim claim, Claim previous, Idempotency.Completion completion);

    default void open(Redemption redemption, Claim claim, Claim previous) {
        open(redemption, claim, previous, null);
    }

    /** Another declaration of the same voucher by the same provider got there first. */
    static Rejection concurrentRedemption() {
        return new Rejection(Rejection.Kind.CONFLICT, "concurrent-redemption", "Déclaration simultanée",
                "Une autre déclaration de ce bon est en cours : consultez votre historique avant de recommencer.", List.of());
    }

    /** The provider's claim on the voucher is not the one the caller expected. */
    final class ClaimChanged extends RuntimeException {
        public ClaimChanged() {
            super("The provider's claim on this voucher changed", null, false, false);
        }
    }

    /** The provider was suspended or withdrawn since its record was read. */
    final class ProviderNotApproved extends RuntimeException {
        public ProviderNotApproved() {
            super("The provider is no longer approved", null, false, false);
        }
    }

    /** What applying a queued redemption starts from, read in one round trip. */
    record Applying(Optional<Redemption> redemption, Optional<VoucherFacts> voucher, long ledgerHead) {
    }

    /** The redemption, its voucher and the provider's ledger head, read together and strongly. */
    Applying applying(String redemptionId, String voucherId, String providerId);

    Optional<Redemption> find(String redemptionId);

    /** A provider's redemptions, newest first, optionally of one status. */
    Page<Redemption> ofProvider(String providerId, RedemptionStatus status, String cursor, int limit);

    /** Redemptions still pending since before {@code before}, for the sweeper. */
    List<Redemption> pendingSince(Instant before, int limit);

    /** The outcome of applying a redemption. */
    enum Outcome { APPLIED, ALREADY_DONE, VOUCHER_UNAVAILABLE, LEDGER_BUSY }

    /**
     * In one transaction: the voucher issued → redeemed by this provider, the redemption pending →
     * applied, and the next entry of the provider's ledger.
     */
    Outcome apply(Redemption redemption, VoucherFacts voucher, long ledgerHead, Instant at);

    /** As above, reading the ledger head first. */
    default Outcome apply(Redemption redemption, VoucherFacts voucher, Instant at) {
        return apply(redemption, voucher, ledgerHead(redemption.providerId()), at);
    }

    /** The number of the provider's last ledger entry (0: none yet), read strongly. */
    long ledgerHead(String providerId);

    /**
     * Pending → rejected with a reason.
     *
     * @return false (and nothing written) when it was no longer pending: another delivery of the
     *         same message applied or rejected it meanwhile
     */
    boolean reject(Redemption redemption, String reason, Instant at);

    /**
     * Cancels a redemption: pending → cancelled, or applied → cancelled with the voucher issued
     * again and a reversal entry in the ledger. A reversal of a session a run already paid becomes
     * a negative line in the provider's next statement (eu.passerelle.reimbursement).
     *
     * @throws eu.passerelle.Rejection CONFLICT when it changed meanwhile
     */
    void cancel(Redemption redemption, VoucherFacts voucher, Instant at);
}
