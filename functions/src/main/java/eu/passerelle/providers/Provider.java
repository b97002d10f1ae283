package eu.passerelle.providers;

import java.time.Instant;

/**
 * A provider's record: the application, where it stands, and an optimistic-lock version.
 *
 * @param accountId the identity provider's subject of the provider's account (pseudonymous)
 * @param reason    why it was last rejected or suspended, shown to the provider
 */
public record Provider(String id, String accountId, ProviderStatus status, Application application, Instant submittedAt,
                       Instant decidedAt, String reason, long version) {

    public Provider withStatus(ProviderStatus status, Instant at, String reason) {
        return new Provider(id, accountId, status, application, submittedAt, at, reason, version + 1);
    }

    public Provider withApplication(Application application, ProviderStatus status, Instant submittedAt) {
        return new Provider(id, accountId, status, application, submittedAt, decidedAt,
                status == ProviderStatus.SUBMITTED ? null : reason, version + 1);
    }

    public boolean listed() {
        return status == ProviderStatus.APPROVED;
    }
}
