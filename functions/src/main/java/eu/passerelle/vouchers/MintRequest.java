package eu.passerelle.vouchers;

/**
 * A parent's request for vouchers (the JSON body): a service, optionally the provider they chose,
 * how many sessions, their income tier, and optionally their postal code (it places the vouchers
 * in a department for the coordination's figures and gives the distance to the provider).
 */
public record MintRequest(String service, String providerId, Integer sessions, String incomeTier, String postalCode) {

    /** Without the parent's postal code (the voucher is then counted in the provider's department, if bound). */
    public MintRequest(String service, String providerId, Integer sessions, String incomeTier) {
        this(service, providerId, sessions, incomeTier, null);
    }
}
