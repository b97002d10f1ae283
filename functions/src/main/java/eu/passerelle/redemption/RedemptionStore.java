package eu.passerelle.redemption;

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
     * Records a pending redemption as the provider's new claim on its voucher.
     *
     * @param previous the claim it replaces (after a rejection or cancellation), or null
     * @throws eu.passerelle.Rejection CONFLICT if another request claimed it meanwhile
     */
    void open(Redemption redemption, Claim claim, Claim previous);

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
    Outcome apply(Redemption redemption, VoucherFacts voucher, Instant at);

    /** Pending → rejected with a reason (a no-op if no longer pending). */
    void reject(Redemption redemption, String reason, Instant at);

    /**
     * Cancels a redemption: pending → cancelled, or applied → cancelled with the voucher issued
     * again and a reversal entry in the ledger. A reversal of a session a run already paid becomes
     * a negative line in the provider's next statement (eu.passerelle.reimbursement).
     *
     * @throws eu.passerelle.Rejection CONFLICT when it changed meanwhile
     */
    void cancel(Redemption redemption, VoucherFacts voucher, Instant at);
}
