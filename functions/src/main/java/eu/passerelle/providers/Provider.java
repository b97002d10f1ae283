package eu.passerelle.providers;

import java.time.Instant;

/**
 * A provider's record: the application, where it stands, where it may be paid, and an
 * optimistic-lock version.
 *
 * @param accountId the identity provider's subject of the provider's account (pseudonymous)
 * @param reason    why it was last rejected or suspended, shown to the provider
 * @param bank      the reviewed account and any pending change; the application's
 *                  {@code bankAccount} is only what the provider declared last
 */
public record Provider(String id, String accountId, ProviderStatus status, Application application, Instant submittedAt,
                       Instant decidedAt, String reason, long version, BankDetails bank) {

    public Provider {
        if (bank == null) {
            bank = BankDetails.legacy(status, application, decidedAt);
        }
    }

    /** A record as written before bank details were reviewed apart (see {@link BankDetails#legacy}). */
    public Provider(String id, String accountId, ProviderStatus status, Application application, Instant submittedAt,
                    Instant decidedAt, String reason, long version) {
        this(id, accountId, status, application, submittedAt, decidedAt, reason, version, null);
    }

    public Provider withStatus(ProviderStatus status, Instant at, String reason) {
        return new Provider(id, accountId, status, application, submittedAt, at, reason, version + 1, bank);
    }

    public Provider withApplication(Application application, ProviderStatus status, Instant submittedAt) {
        return new Provider(id, accountId, status, application, submittedAt, decidedAt,
                status == ProviderStatus.SUBMITTED ? null : reason, version + 1, bank);
    }

    Provider withBank(BankDetails bank, Application application) {
        return new Provider(id, accountId, status, application, submittedAt, decidedAt, reason, version, bank);
    }

    public boolean listed() {
        return status == ProviderStatus.APPROVED;
    }
}
