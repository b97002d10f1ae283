package eu.passerelle.providers;

import java.time.Instant;
import java.util.List;

/**
 * What a provider declares when applying, once every field is checked.
 *
 * @param languages ISO 639-1 codes, French first by convention
 * @param charterVersion the version of the charter accepted, and when
 */
public record Application(String displayName, Profession profession, Credential credential, PracticeAddress address,
                          ServiceArea area, List<String> languages, boolean remoteSessions, boolean wheelchairAccessible,
                          Contact contact, BankAccount bankAccount, String charterVersion, Instant charterAcceptedAt) {

    public Application {
        languages = List.copyOf(languages);
    }

    /**
     * Changes an agent must see again before the provider is listed under them. A new bank
     * account is not one of them: it is reviewed on its own ({@link BankDetails}), and until then
     * the provider stays listed and is paid on the last account reviewed.
     */
    public boolean needsReviewComparedTo(Application before) {
        return !displayName.equals(before.displayName) || profession != before.profession
                || !credential.equals(before.credential)
                || !address.postalCode().equals(before.address.postalCode())
                || !java.util.Objects.equals(address.communeCode(), before.address.communeCode());
    }
}
