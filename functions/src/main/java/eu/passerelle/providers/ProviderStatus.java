package eu.passerelle.providers;

/** Where an application stands. Only {@link #APPROVED} providers are listed and may redeem. */
public enum ProviderStatus {
    SUBMITTED, APPROVED, REJECTED, SUSPENDED
}
