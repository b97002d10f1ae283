package eu.passerelle.vouchers;

/**
 * A band of the CAF quotient familial (or the Belgian equivalent) and the co-payment a parent in
 * it pays per session, in cents.
 *
 * @param upToQuotient the band's upper bound, exclusive, in euros; null for the top band
 */
public record IncomeTier(String code, String label, Integer upToQuotient, long coPaymentCents) {

    public IncomeTier {
        if (code == null || !code.matches("[A-Z]")) {
            throw new IllegalArgumentException("A tier code is one capital letter");
        }
        if (coPaymentCents < 0) {
            throw new IllegalArgumentException("A co-payment is not negative");
        }
    }
}
