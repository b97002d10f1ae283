package eu.passerelle.providers;

import java.util.List;
import java.util.Optional;

/**
 * Where provider records and their audit trail live. Every write goes with its audit entry,
 * atomically: there is no change without its trace, and no trace without its change.
 */
public interface ProviderStore {

    /**
     * Records a new application.
     *
     * @throws eu.passerelle.Rejection CONFLICT if the account already applied or the credential
     *                                 is already claimed by another account
     */
    void create(Provider provider, AuditEntry entry);

    /**
     * Replaces a record if nobody changed it since {@code expectedVersion} was read.
     *
     * @param directoryChanged whether the public directory must be refreshed
     * @throws eu.passerelle.Rejection CONFLICT on a concurrent change or a claimed credential
     */
    void update(Provider before, Provider after, AuditEntry entry, boolean directoryChanged);

    Optional<Provider> find(String providerId);

    Optional<Provider> findByAccount(String accountId);

    /** Records of one status, oldest submission first. */
    Page<Provider> listByStatus(ProviderStatus status, String cursor, int limit);

    /** Records with a change of bank account waiting for an agent, oldest request first. */
    Page<Provider> listPendingBankChanges(String cursor, int limit);

    /** The audit trail of a provider, oldest first. */
    List<AuditEntry> audit(String providerId);

    /** Every approved provider, for the directory. */
    List<Provider> approved();

    /** A number that changes whenever the approved set or a listed profile changes. */
    long directoryVersion();
}
