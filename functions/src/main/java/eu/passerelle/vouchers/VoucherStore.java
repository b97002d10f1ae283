package eu.passerelle.vouchers;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where vouchers and parents' quotas live. */
public interface VoucherStore {

    /** A mint lost a race or drew a serial already taken: try again with fresh serials. */
    final class Retry extends RuntimeException {
        public Retry() {
            super(null, null, false, false);
        }
    }

    /**
     * Writes the vouchers and counts them against the parent's quota for the service, atomically.
     *
     * @throws eu.passerelle.Rejection CONFLICT {@code quota-exhausted} when that would pass {@code maxPerService}
     * @throws Retry on a concurrent mint or a serial collision
     */
    void mint(String parentId, Service service, List<Voucher> vouchers, int maxPerService);

    /** Vouchers of the service the parent holds against the quota (all but returned ones). */
    int used(String parentId, Service service);

    Optional<Voucher> find(String voucherId);

    /** A parent's vouchers, newest first. */
    List<Voucher> ofParent(String parentId);

    /**
     * Gives an issued voucher back, restoring one session of the quota, atomically.
     *
     * @throws eu.passerelle.Rejection CONFLICT if it is no longer issued
     */
    void giveBack(Voucher voucher, Instant at);

    /**
     * Counts one verification by a provider in the current minute.
     *
     * @return false when the provider is past {@code perMinute} this minute
     */
    boolean countVerification(String providerId, Instant now, int perMinute);

    /**
     * Counts one declaration (redemption request) of a provider in the current minute, apart
     * from verifications.
     *
     * @return false when the provider is past {@code perMinute} this minute
     */
    boolean countDeclaration(String providerId, Instant now, int perMinute);
}
