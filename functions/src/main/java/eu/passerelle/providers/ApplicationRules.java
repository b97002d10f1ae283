package eu.passerelle.providers;

import eu.passerelle.Rejection;
import eu.passerelle.directory.Country;
import eu.passerelle.directory.Locality;
import eu.passerelle.directory.PostalArea;
import eu.passerelle.directory.PostalCodeDirectory;
import org.iban4j.BicFormatException;
import org.iban4j.BicUtil;
import org.iban4j.IbanFormatException;
import org.iban4j.IbanUtil;
import org.iban4j.InvalidCheckDigitException;
import org.iban4j.UnsupportedCountryException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an application field by field and says everything to fix at once, each problem
 * pointing at its field (JSON pointer), as a public form should.
 */
public final class ApplicationRules {

    /** Countries of the SEPA credit-transfer scheme: providers are paid by SEPA transfer. */
    static final Set<String> SEPA_COUNTRIES = Set.of("AD", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES",
            "FI", "FR", "GB", "GI", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MT", "NL", "NO",
            "PL", "PT", "RO", "SE", "SI", "SK", "SM", "VA");
    static final int MAX_RADIUS_KM = 100;
    static final int MAX_DEPARTMENTS = 20;

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}\\p{N}][\\p{L}\\p{M}\\p{N} .'’&-]{1,119}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 .-]{5,19}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern WEBSITE = Pattern.compile("https?://[^\\s]{3,190}");
    private static final Pattern BAR_NUMBER = Pattern.compile("[A-Za-z0-9/ -]{1,20}");
    private static final Set<String> ISO_LANGUAGES = Set.of(Locale.getISOLanguages());

    private final PostalCodeDirectory postalCodes;
    private final List<Rejection.Pointer> problems = new ArrayList<>();

    private ApplicationRules(PostalCodeDirectory postalCodes) {
        this.postalCodes = postalCodes;
    }

    /**
     * @return the checked application, its charter accepted now
     * @throws Rejection INVALID with one pointer per field to fix
     */
    public static Application check(ApplicationForm form, PostalCodeDirectory postalCodes, Instant now) {
        return new ApplicationRules(postalCodes).run(form, now);
    }

    private Application run(ApplicationForm f, Instant now) {
        if (f == null) {
            throw new Rejection(Rejection.Kind.INVALID, "invalid-application", "Candidature incomplète",
                    "Le corps de la requête doit être une candidature.", List.of());
        }
        String name = text(f.displayName(), "displayName");
        if (name != null && !NAME.matcher(name).matches()) {
            problem("displayName", "Le nom affiché s'écrit en lettres et chiffres (2 à 120 caractères).");
        }
        Profession profession = null;
        if (f.profession() == null) {
            problem("profession", "Choisissez une profession : " + Profession.labels() + ".");
        } else {
            profession = Profession.fromCode(f.profession()).orElse(null);
            if (profession == null) {
                problem("profession", "Profession inconnue. Professions possibles : " + Profession.labels() + ".");
            }
        }
        PracticeAddress address = address(f.address());
        Credential credential = profession == null ? null : credential(profession, f.credential(), now,
                address == null ? null : address.country());
        ServiceArea area = area(f.area(), address);
        List<String> languages = languages(f.languages());
        Contact contact = contact(f.contact());
        BankAccount bank = bank(f.bankAccount());
        if (f.charter() == null || !Boolean.TRUE.equals(f.charter().accepted())) {
            problem("charter/accepted", "La charte doit être acceptée pour candidater.");
        } else if (!Charter.CURRENT_VERSION.equals(f.charter().version())) {
            problem("charter/version", "La charte a changé : relisez la version " + Charter.CURRENT_VERSION + " et acceptez-la.");
        }
        if (!problems.isEmpty()) {
            throw new Rejection(Rejection.Kind.INVALID, "invalid-application", "Candidature à corriger",
                    problems.size() == 1 ? problems.get(0).detail()
                            : problems.size() + " champs sont à corriger.", problems);
        }
        return new Application(name, profession, credential, address, area, languages,
                Boolean.TRUE.equals(f.remoteSessions()), Boolean.TRUE.equals(f.wheelchairAccessible()), contact, bank,
                Charter.CURRENT_VERSION, now);
    }

    private void problem(String field, String detail) {
        problems.add(new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/" + field, detail));
    }

    private String text(String value, String field) {
        if (value == null || value.isBlank()) {
            problem(field, "Ce champ est obligatoire.");
            return null;
        }
        return value.strip();
    }

    private Credential credential(Profession profession, ApplicationForm.CredentialForm c, Instant now, Country country) {
        if (c == null || c.kind() == null) {
            problem("credential/kind", "Indiquez votre inscription ou diplôme : " + expectedKinds(profession) + ".");
            return null;
        }
        String kind = c.kind().strip().toUpperCase(Locale.ROOT);
        if (!expectedKinds(profession).contains(kind)) {
            problem("credential/kind", "Pour cette profession, l'inscription attendue est : " + expectedKinds(profession) + ".");
            return null;
        }
        String number = c.number() == null ? "" : c.number().replaceAll("\\s", "");
        int year = now.atZone(ZoneOffset.UTC).getYear();
        switch (kind) {
            case "RPPS" -> {
                if (!number.matches("\\d{11}") || !Luhn.valid(number)) {
                    problem("credential/number", "Un numéro RPPS compte 11 chiffres dont une clé de contrôle : vérifiez-le.");
                }
                return new Credential(kind, number, null, null);
            }
            case "ADELI" -> {
                if (!number.matches("\\d{9}") || number.startsWith("00")) {
                    problem("credential/number", "Un numéro ADELI compte 9 chiffres, commençant par le département.");
                }
                return new Credential(kind, number, null, null);
            }
            case "COMPSY" -> {
                if (!number.matches("\\d{6,10}")) {
                    problem("credential/number", "Le numéro d'agrément de la Commission des psychologues compte 6 à 10 chiffres.");
                }
                return new Credential(kind, number, null, null);
            }
            case "BAR" -> {
                String bar = c.issuer() == null ? "" : c.issuer().strip();
                if (bar.length() < 2 || bar.length() > 80) {
                    problem("credential/issuer", "Indiquez le barreau auprès duquel vous êtes inscrit(e).");
                }
                String raw = c.number() == null ? "" : c.number().strip();
                if (!BAR_NUMBER.matcher(raw).matches()) {
                    problem("credential/number", "Indiquez votre numéro d'inscription au barreau (lettres, chiffres, 20 caractères au plus).");
                }
                return new Credential(kind, raw.toUpperCase(Locale.ROOT), bar, null);
            }
            case "CFM" -> {
                if (!number.matches("[A-Za-z0-9/-]{3,20}")) {
                    problem("credential/number", "Indiquez votre numéro d'agrément de la Commission fédérale de médiation.");
                }
                return new Credential(kind, number.toUpperCase(Locale.ROOT), null, null);
            }
            default -> {
                // DEMF (created in 2003) and DEASS: a State diploma, its year and who awarded it.
                int firstYear = kind.equals("DEMF") ? 2004 : 1932;
                if (c.year() == null || c.year() < firstYear || c.year() > year) {
                    problem("credential/year", "Indiquez l'année d'obtention du diplôme (entre " + firstYear + " et " + year + ").");
                }
                String issuer = c.issuer() == null ? "" : c.issuer().strip();
                if (issuer.length() < 2 || issuer.length() > 120) {
                    problem("credential/issuer", "Indiquez l'établissement qui a délivré le diplôme.");
                }
                return new Credential(kind, number.isEmpty() ? null : number.toUpperCase(Locale.ROOT), issuer, c.year());
            }
        }
    }

    static List<String> expectedKinds(Profession profession) {
        return switch (profession) {
            case PSYCHOLOGIST -> List.of("RPPS", "ADELI", "COMPSY");
            case LAWYER -> List.of("BAR");
            case FAMILY_MEDIATOR -> List.of("DEMF", "CFM");
            case SOCIAL_WORKER -> List.of("DEASS");
        };
    }

    private PracticeAddress address(ApplicationForm.AddressForm a) {
        if (a == null) {
            problem("address", "Indiquez l'adresse de votre cabinet.");
            return null;
        }
        String street = text(a.street(), "address/street");
        if (street != null && (street.length() < 3 || street.length() > 200)) {
            problem("address/street", "L'adresse (numéro et rue) compte 3 à 200 caractères.");
        }
        Country country;
        try {
            country = Country.fromParameter("country", a.country());
        } catch (Rejection unknown) {
            problem("address/country", "Le pays doit être FR ou BE.");
            return null;
        }
        String code;
        try {
            code = country.requireWellFormed("postalCode", a.postalCode(), Rejection.Pointer.Location.BODY);
        } catch (Rejection malformed) {
            problem("address/postalCode", malformed.detail());
            return null;
        }
        Optional<PostalArea> found = postalCodes.find(country, code);
        if (found.isEmpty()) {
            problem("address/postalCode", "Le code postal " + code + " n'existe pas.");
            return null;
        }
        PostalArea area = found.get();
        Locality place;
        if (country == Country.FR) {
            place = area.localities().stream().filter(l -> l.code().equals(a.communeCode())).findFirst().orElse(null);
            if (place == null) {
                problem("address/communeCode", "Choisissez la commune parmi celles du code postal " + code + ".");
                return null;
            }
        } else {
            String wanted = a.locality() == null ? "" : a.locality().strip();
            place = area.localities().stream().filter(l -> l.name().equalsIgnoreCase(wanted)).findFirst()
                    .orElse(area.localities().size() == 1 && wanted.isEmpty() ? area.localities().get(0) : null);
            if (place == null) {
                problem("address/locality", "Choisissez la localité parmi celles du code postal " + code + ".");
                return null;
            }
        }
        if (place.location() == null) {
            problem("address/postalCode", "Nous ne savons pas situer " + place.name() + " sur une carte : la recherche par distance y est impossible.");
            return null;
        }
        return new PracticeAddress(street, code, place.code(), place.name(), country, place.areaCode(), place.location());
    }

    private ServiceArea area(ApplicationForm.AreaForm a, PracticeAddress address) {
        if (a == null) {
            problem("area", "Indiquez où vous recevez : un rayon autour du cabinet et/ou des départements.");
            return null;
        }
        int radius = a.radiusKm() == null ? 0 : a.radiusKm();
        if (radius < 0 || radius > MAX_RADIUS_KM) {
            problem("area/radiusKm", "Le rayon est un nombre de kilomètres entre 0 et " + MAX_RADIUS_KM + ".");
        }
        List<String> departments = a.departments() == null ? List.of() : a.departments();
        if (departments.size() > MAX_DEPARTMENTS) {
            problem("area/departments", "Au plus " + MAX_DEPARTMENTS + " départements ou provinces.");
        }
        Set<String> known = postalCodes.areaCodes(address == null ? Country.FR : address.country());
        Set<String> kept = new LinkedHashSet<>();
        for (int i = 0; i < departments.size(); i++) {
            String d = departments.get(i) == null ? "" : departments.get(i).strip().toUpperCase(Locale.ROOT);
            if (!known.contains(d)) {
                problem("area/departments/" + i, "« " + abbreviate(d) + " » n'est pas un département (ou une province) connu.");
            } else {
                kept.add(d);
            }
        }
        if (radius == 0 && kept.isEmpty() && departments.isEmpty()) {
            problem("area", "Indiquez un rayon ou au moins un département.");
        }
        return new ServiceArea(radius, List.copyOf(kept));
    }

    private List<String> languages(List<String> raw) {
        if (raw == null || raw.isEmpty()) {
            problem("languages", "Indiquez au moins une langue de consultation.");
            return List.of();
        }
        if (raw.size() > 10) {
            problem("languages", "Au plus 10 langues.");
        }
        Set<String> kept = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String l = raw.get(i) == null ? "" : raw.get(i).strip().toLowerCase(Locale.ROOT);
            if (!ISO_LANGUAGES.contains(l)) {
                problem("languages/" + i, "« " + abbreviate(l) + " » n'est pas un code de langue ISO 639-1 (fr, nl, en…).");
            } else {
                kept.add(l);
            }
        }
        return List.copyOf(kept);
    }

    private Contact contact(ApplicationForm.ContactForm c) {
        if (c == null) {
            return new Contact(null, null, null, Set.of());
        }
        String phone = blankToNull(c.phone());
        String email = blankToNull(c.email());
        String website = blankToNull(c.website());
        if (phone != null && !PHONE.matcher(phone).matches()) {
            problem("contact/phone", "Le téléphone s'écrit avec des chiffres (6 à 20), par exemple 01 23 45 67 89.");
        }
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            problem("contact/email", "L'adresse électronique n'a pas la forme nom@domaine.fr.");
        }
        if (website != null && !WEBSITE.matcher(website).matches()) {
            problem("contact/website", "Le site commence par https:// (200 caractères au plus).");
        }
        Set<String> published = new LinkedHashSet<>();
        List<String> wanted = c.published() == null ? List.of() : c.published();
        for (int i = 0; i < wanted.size(); i++) {
            String field = wanted.get(i);
            if (!Contact.PUBLISHABLE.contains(field)) {
                problem("contact/published/" + i, "On ne peut publier que le téléphone, l'adresse électronique, le site ou la rue.");
            } else if (field.equals("phone") && phone == null || field.equals("email") && email == null
                    || field.equals("website") && website == null) {
                problem("contact/published/" + i, "Pour publier ce moyen de contact, renseignez-le.");
            } else {
                published.add(field);
            }
        }
        return new Contact(phone, email, website, published);
    }

    private BankAccount bank(ApplicationForm.BankAccountForm b) {
        if (b == null) {
            problem("bankAccount", "Indiquez l'IBAN et le BIC du compte où vous serez payé(e).");
            return null;
        }
        String iban = b.iban() == null ? "" : b.iban().replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        String bic = b.bic() == null ? "" : b.bic().replaceAll("\\s", "").toUpperCase(Locale.ROOT);
        boolean ibanOk = false;
        try {
            IbanUtil.validate(iban);
            ibanOk = true;
            if (!SEPA_COUNTRIES.contains(iban.substring(0, 2))) {
                problem("bankAccount/iban", "Le compte doit être tenu dans un pays de la zone SEPA.");
                ibanOk = false;
            }
        } catch (InvalidCheckDigitException e) {
            problem("bankAccount/iban", "La clé de contrôle de l'IBAN est fausse : vérifiez chaque caractère.");
        } catch (UnsupportedCountryException e) {
            problem("bankAccount/iban", "L'IBAN commence par un code pays inconnu.");
        } catch (IbanFormatException e) {
            problem("bankAccount/iban", iban.isEmpty() ? "L'IBAN est obligatoire."
                    : "Cet IBAN n'a pas la longueur ou la forme prévue pour son pays.");
        }
        try {
            BicUtil.validate(bic);
            if (ibanOk && !bic.substring(4, 6).equals(iban.substring(0, 2))) {
                problem("bankAccount/bic", "Le BIC ne correspond pas au pays de l'IBAN.");
            }
        } catch (BicFormatException | UnsupportedCountryException e) {
            problem("bankAccount/bic", bic.isEmpty() ? "Le BIC est obligatoire." : "Ce BIC n'a pas la forme attendue (8 ou 11 caractères).");
        }
        return new BankAccount(iban, bic);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "…";
    }
}
