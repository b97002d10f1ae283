package eu.passerelle.providers;

import eu.passerelle.Rejection;
import eu.passerelle.directory.PostalCodeDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApplicationRulesTest {

    static PostalCodeDirectory postalCodes;
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @BeforeAll
    static void load() {
        postalCodes = PostalCodeDirectory.load();
    }

    private static Application check(ApplicationForm form) {
        return ApplicationRules.check(form, postalCodes, NOW);
    }

    /** The JSON pointers of the fields an application is refused for. */
    private static List<String> fieldsAtFault(ApplicationForm form) {
        try {
            check(form);
        } catch (Rejection r) {
            assertThat(r.kind()).isEqualTo(Rejection.Kind.INVALID);
            return r.pointers().stream().map(Rejection.Pointer::name).toList();
        }
        return List.of();
    }

    @Test
    void aCompleteApplicationIsGeocodedFromItsCommune() {
        Application a = check(Forms.psychologistIn75018("1000000001"));
        assertThat(a.profession()).isEqualTo(Profession.PSYCHOLOGIST);
        assertThat(a.address().communeCode()).isEqualTo("75118");
        assertThat(a.address().areaCode()).isEqualTo("75");
        assertThat(a.address().location().latitude()).isBetween(48.85, 48.91);
        assertThat(a.bankAccount().iban()).isEqualTo("FR7630006000011234567890189");
        assertThat(a.contact().published()).containsExactlyInAnyOrder("phone", "website");
        assertThat(a.charterAcceptedAt()).isEqualTo(NOW);
    }

    @Test
    void aBelgianMediatorIsPlacedByLocality() {
        Application a = check(Forms.mediatorInBrussels());
        assertThat(a.address().commune()).isEqualTo("Bruxelles");
        assertThat(a.address().areaCode()).isEqualTo("BRU");
        assertThat(a.credential().kind()).isEqualTo("CFM");
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
            "FR7630006000011234567890188, AGRIFRPP, bankAccount/iban",
            "FR76300060000112345678901, AGRIFRPP, bankAccount/iban",
            "XX7630006000011234567890189, AGRIFRPP, bankAccount/iban",
            "'', AGRIFRPP, bankAccount/iban",
            "FR7630006000011234567890189, AGRI, bankAccount/bic",
            "FR7630006000011234567890189, GEBABEBB, bankAccount/bic",
    })
    void invalidBankDetailsNameTheirField(String iban, String bic, String field) {
        assertThat(fieldsAtFault(Forms.withBank(Forms.psychologistIn75018("1000000001"), iban, bic))).containsExactly("#/" + field);
    }

    @Test
    void credentialsAreCheckedPerProfession() {
        ApplicationForm base = Forms.psychologistIn75018("1000000001");
        String goodRpps = Forms.rpps("1000000001");
        String badKey = goodRpps.substring(0, 10) + ((goodRpps.charAt(10) - '0' + 1) % 10);
        assertThat(fieldsAtFault(Forms.withCredential(base, new ApplicationForm.CredentialForm("RPPS", badKey, null, null))))
                .containsExactly("#/credential/number");
        assertThat(fieldsAtFault(Forms.withCredential(base, new ApplicationForm.CredentialForm("ADELI", "75931234", null, null))))
                .containsExactly("#/credential/number");
        assertThat(fieldsAtFault(Forms.withCredential(base, new ApplicationForm.CredentialForm("ADELI", "759312345", null, null))))
                .isEmpty();
        assertThat(fieldsAtFault(Forms.withCredential(base, new ApplicationForm.CredentialForm("BAR", "123", "Paris", null))))
                .containsExactly("#/credential/kind");
        assertThat(fieldsAtFault(Forms.withProfession(base, "lawyer", new ApplicationForm.CredentialForm("BAR", "", "", null))))
                .containsExactly("#/credential/issuer", "#/credential/number");
        assertThat(fieldsAtFault(Forms.withProfession(base, "lawyer", new ApplicationForm.CredentialForm("BAR", "P 0123", "Paris", null))))
                .isEmpty();
        assertThat(fieldsAtFault(Forms.withProfession(base, "family-mediator", new ApplicationForm.CredentialForm("DEMF", null, "IRTS Paris", 2001))))
                .containsExactly("#/credential/year");
        assertThat(fieldsAtFault(Forms.withProfession(base, "social-worker", new ApplicationForm.CredentialForm("DEASS", null, "", 2010))))
                .containsExactly("#/credential/issuer");
        assertThat(fieldsAtFault(Forms.withProfession(base, "astrologer", null))).containsExactly("#/profession");
    }

    @Test
    void addressesMustBePlacedByThePostalCodeData() {
        ApplicationForm base = Forms.psychologistIn75018("1000000001");
        assertThat(fieldsAtFault(Forms.withAddress(base, new ApplicationForm.AddressForm("12 rue X", "00000", "75118", null, "FR"))))
                .containsExactly("#/address/postalCode");
        assertThat(fieldsAtFault(Forms.withAddress(base, new ApplicationForm.AddressForm("12 rue X", "75018", "69381", null, "FR"))))
                .containsExactly("#/address/communeCode");
        assertThat(fieldsAtFault(Forms.withAddress(base, new ApplicationForm.AddressForm("12 rue X", "7501", "75118", null, "FR"))))
                .containsExactly("#/address/postalCode");
        assertThat(fieldsAtFault(Forms.withAddress(base, new ApplicationForm.AddressForm("", "75018", "75118", null, "FR"))))
                .containsExactly("#/address/street");
        assertThat(fieldsAtFault(Forms.withAddress(Forms.mediatorInBrussels(),
                new ApplicationForm.AddressForm("Rue Haute 1", "1000", null, "Anvers", "BE")))).containsExactly("#/address/locality");
        assertThat(fieldsAtFault(Forms.withAddress(base, new ApplicationForm.AddressForm("Rue 1", "97133", "97701", null, "FR"))))
                .containsExactly("#/address/postalCode");
    }

    @Test
    void theAreaServedNeedsARadiusOrKnownDepartments() {
        ApplicationForm base = Forms.psychologistIn75018("1000000001");
        assertThat(fieldsAtFault(Forms.withArea(base, new ApplicationForm.AreaForm(0, List.of())))).containsExactly("#/area");
        assertThat(fieldsAtFault(Forms.withArea(base, new ApplicationForm.AreaForm(500, List.of())))).containsExactly("#/area/radiusKm");
        assertThat(fieldsAtFault(Forms.withArea(base, new ApplicationForm.AreaForm(0, List.of("75", "99")))))
                .containsExactly("#/area/departments/1");
        assertThat(fieldsAtFault(Forms.withArea(base, new ApplicationForm.AreaForm(0, List.of("2a"))))).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ApplicationForm form = new ApplicationForm(" ", null, null, null, null, List.of("xx"), null, null,
                new ApplicationForm.ContactForm(null, "not-an-email", null, List.of("phone")), null,
                new ApplicationForm.CharterForm("2019-01", true));
        assertThat(fieldsAtFault(form)).containsExactlyInAnyOrder("#/displayName", "#/profession", "#/address",
                "#/area", "#/languages/0", "#/contact/email", "#/contact/published/0", "#/bankAccount", "#/charter/version");
    }

    @Test
    void theCharterMustBeAccepted() {
        ApplicationForm f = Forms.psychologistIn75018("1000000001");
        ApplicationForm refused = new ApplicationForm(f.displayName(), f.profession(), f.credential(), f.address(), f.area(),
                f.languages(), f.remoteSessions(), f.wheelchairAccessible(), f.contact(), f.bankAccount(),
                new ApplicationForm.CharterForm(Charter.CURRENT_VERSION, false));
        assertThat(fieldsAtFault(refused)).containsExactly("#/charter/accepted");
    }

    @Test
    void namesAreLettersNotMarkup() {
        assertThat(fieldsAtFault(Forms.withName(Forms.psychologistIn75018("1000000001"), "<script>x</script>")))
                .containsExactly("#/displayName");
        assertThatThrownBy(() -> check(null)).isInstanceOf(Rejection.class);
    }
}
