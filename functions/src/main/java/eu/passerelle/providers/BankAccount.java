package eu.passerelle.providers;

/** Where a provider is paid: an IBAN (stored without spaces) and its bank's BIC. */
public record BankAccount(String iban, String bic) {

    /** The last four characters only, for screens and logs. */
    public String masked() {
        return iban.substring(0, 4) + " •••• " + iban.substring(iban.length() - 4);
    }

    @Override
    public String toString() {
        return "BankAccount[" + masked() + "]";
    }
}
