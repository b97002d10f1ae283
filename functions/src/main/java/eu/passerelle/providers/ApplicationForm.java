package eu.passerelle.providers;

import java.util.List;

/**
 * An application as a provider typed it (the JSON body of the application routes), every field
 * possibly missing or wrong: {@link ApplicationRules} turns it into an {@link Application} or
 * says which fields to fix.
 */
public record ApplicationForm(String displayName, String profession, CredentialForm credential, AddressForm address,
                              AreaForm area, List<String> languages, Boolean remoteSessions, Boolean wheelchairAccessible,
                              ContactForm contact, BankAccountForm bankAccount, CharterForm charter) {

    public record CredentialForm(String kind, String number, String issuer, Integer year) {
    }

    /** @param communeCode INSEE code (France); @param locality the place's name (Belgium) */
    public record AddressForm(String street, String postalCode, String communeCode, String locality, String country) {
    }

    public record AreaForm(Integer radiusKm, List<String> departments) {
    }

    public record ContactForm(String phone, String email, String website, List<String> published) {
    }

    /**
     * @param previousAccountClosed the provider says the account reviewed before no longer receives
     *                              transfers (optional, false): transfers then wait for the new one's review
     */
    public record BankAccountForm(String iban, String bic, Boolean previousAccountClosed) {

        public BankAccountForm(String iban, String bic) {
            this(iban, bic, null);
        }
    }

    public record CharterForm(String version, Boolean accepted) {
    }
}
