package eu.passerelle.reimbursement;

/** Where a provider is paid: the account holder's name, IBAN and BIC. */
public record Payee(String providerId, String name, String iban, String bic) {

    @Override
    public String toString() {
        return "Payee[" + providerId + "]";
    }
}
