package eu.passerelle.directory;

import eu.passerelle.Rejection;

import java.util.Locale;
import java.util.regex.Pattern;

/** The countries the programme runs in, with the shape of their postal codes. */
public enum Country {
    FR(Pattern.compile("\\d{5}"), "cinq chiffres, par exemple 75018"),
    BE(Pattern.compile("[1-9]\\d{3}"), "quatre chiffres, par exemple 1000");

    /** Longer than any postal code anywhere: anything beyond is refused before matching. */
    private static final int MAX_INPUT_LENGTH = 16;

    private final Pattern format;
    private final String formatHint;

    Country(Pattern format, String formatHint) {
        this.format = format;
        this.formatHint = formatHint;
    }

    /** Reads a country parameter; absent means France. */
    public static Country fromParameter(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return FR;
        }
        String normalised = value.trim().toUpperCase(Locale.ROOT);
        for (Country c : values()) {
            if (c.name().equals(normalised)) {
                return c;
            }
        }
        throw Rejection.invalidQuery("unknown-country", "Pays inconnu", parameter,
                "Le pays doit être FR (France) ou BE (Belgique).");
    }

    /** Checks the shape of a postal code for this country and returns it normalised. */
    public String requireWellFormed(String parameter, String code, Rejection.Pointer.Location location) {
        String candidate = code == null ? "" : code.strip();
        if (candidate.length() > MAX_INPUT_LENGTH || !format.matcher(candidate).matches()) {
            String detail = "Un code postal " + (this == FR ? "français" : "belge") + " s'écrit avec " + formatHint + ".";
            throw new Rejection(Rejection.Kind.INVALID, "invalid-postal-code", "Code postal mal formé", detail,
                    java.util.List.of(new Rejection.Pointer(location, parameter, detail)));
        }
        return candidate;
    }
}
