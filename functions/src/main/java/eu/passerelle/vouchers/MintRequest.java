package eu.passerelle.vouchers;

/**
 * A parent's request for vouchers (the JSON body): a service, optionally the provider they chose,
 * how many sessions, and their income tier.
 */
public record MintRequest(String service, String providerId, Integer sessions, String incomeTier) {
}
