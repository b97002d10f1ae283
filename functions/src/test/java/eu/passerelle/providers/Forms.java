package eu.passerelle.providers;

import java.util.List;

/** Valid application forms to start tests from. */
public final class Forms {

    private Forms() {
    }

    /** An RPPS number with a correct Luhn key, from any 10 digits. */
    public static String rpps(String tenDigits) {
        return tenDigits + Luhn.keyFor(tenDigits);
    }

    public static ApplicationForm psychologistIn75018(String rppsPayload) {
        return new ApplicationForm("Claire Martin", "psychologist",
                new ApplicationForm.CredentialForm("RPPS", rpps(rppsPayload), null, null),
                new ApplicationForm.AddressForm("12 rue Ordener", "75018", "75118", null, "FR"),
                new ApplicationForm.AreaForm(10, List.of("75", "93")),
                List.of("fr", "en"), true, true,
                new ApplicationForm.ContactForm("01 23 45 67 89", "cabinet@example.org", "https://cabinet.example.org",
                        List.of("phone", "website")),
                new ApplicationForm.BankAccountForm("FR76 3000 6000 0112 3456 7890 189", "AGRIFRPP"),
                new ApplicationForm.CharterForm(Charter.CURRENT_VERSION, true));
    }

    public static ApplicationForm mediatorInBrussels() {
        return new ApplicationForm("Sophie Peeters", "family-mediator",
                new ApplicationForm.CredentialForm("CFM", "M-2019-118", null, null),
                new ApplicationForm.AddressForm("Rue Haute 120", "1000", null, "Bruxelles", "BE"),
                new ApplicationForm.AreaForm(15, List.of()),
                List.of("fr", "nl"), false, false, null,
                new ApplicationForm.BankAccountForm("BE68539007547034", "GEBABEBB"),
                new ApplicationForm.CharterForm(Charter.CURRENT_VERSION, true));
    }

    public static ApplicationForm withBank(ApplicationForm f, String iban, String bic) {
        return new ApplicationForm(f.displayName(), f.profession(), f.credential(), f.address(), f.area(), f.languages(),
                f.remoteSessions(), f.wheelchairAccessible(), f.contact(), new ApplicationForm.BankAccountForm(iban, bic), f.charter());
    }

    public static ApplicationForm withCredential(ApplicationForm f, ApplicationForm.CredentialForm c) {
        return new ApplicationForm(f.displayName(), f.profession(), c, f.address(), f.area(), f.languages(),
                f.remoteSessions(), f.wheelchairAccessible(), f.contact(), f.bankAccount(), f.charter());
    }

    public static ApplicationForm withAddress(ApplicationForm f, ApplicationForm.AddressForm a) {
        return new ApplicationForm(f.displayName(), f.profession(), f.credential(), a, f.area(), f.languages(),
                f.remoteSessions(), f.wheelchairAccessible(), f.contact(), f.bankAccount(), f.charter());
    }

    public static ApplicationForm withName(ApplicationForm f, String name) {
        return new ApplicationForm(name, f.profession(), f.credential(), f.address(), f.area(), f.languages(),
                f.remoteSessions(), f.wheelchairAccessible(), f.contact(), f.bankAccount(), f.charter());
    }

    public static ApplicationForm withProfession(ApplicationForm f, String profession, ApplicationForm.CredentialForm c) {
        return new ApplicationForm(f.displayName(), profession, c, f.address(), f.area(), f.languages(),
                f.remoteSessions(), f.wheelchairAccessible(), f.contact(), f.bankAccount(), f.charter());
    }

    public static ApplicationForm withArea(ApplicationForm f, ApplicationForm.AreaForm a) {
        return new ApplicationForm(f.displayName(), f.profession(), f.credential(), f.address(), a, f.languages(),
                f.remoteSessions(), f.wheelchairAccessible(), f.contact(), f.bankAccount(), f.charter());
    }
}
