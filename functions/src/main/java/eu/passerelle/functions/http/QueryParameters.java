package eu.passerelle.functions.http;

import eu.passerelle.Rejection;

import java.math.BigDecimal;

/** Typed reads of query parameters, each refusal naming the parameter. */
public final class QueryParameters {

    private QueryParameters() {
    }

    static Rejection repeated(String name) {
        return Rejection.invalidQuery("invalid-parameter", "Paramètre invalide", name,
                "Le paramètre « " + name + " » ne peut être donné qu'une fois.");
    }

    public static String required(HttpRequest request, String name) {
        String value = request.queryParameter(name);
        if (value == null || value.isBlank()) {
            throw Rejection.invalidQuery("missing-parameter", "Paramètre manquant", name,
                    "Le paramètre « " + name + " » est obligatoire.");
        }
        return value.strip();
    }

    /** A decimal number in [min, max], or the default when absent. */
    public static double decimal(HttpRequest request, String name, double defaultValue, double min, double max) {
        String raw = request.queryParameter(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        String outOfRange = "Le paramètre « " + name + " » doit être un nombre entre "
                + plain(min) + " et " + plain(max) + ".";
        double value;
        try {
            // A short plain decimal only: no exponent, NaN, hex float or huge string.
            if (raw.length() > 12 || !raw.strip().matches("\\d+([.,]\\d+)?")) {
                throw new NumberFormatException();
            }
            value = Double.parseDouble(raw.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            throw Rejection.invalidQuery("invalid-parameter", "Paramètre invalide", name, outOfRange);
        }
        if (value < min || value > max) {
            throw Rejection.invalidQuery("invalid-parameter", "Paramètre invalide", name, outOfRange);
        }
        return value;
    }

    /** An integer in [min, max], or the default when absent. */
    public static int integer(HttpRequest request, String name, int defaultValue, int min, int max) {
        String raw = request.queryParameter(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        String detail = "Le paramètre « " + name + " » doit être un entier entre " + min + " et " + max + ".";
        if (raw.length() > 10 || !raw.strip().matches("\\d+")) {
            throw Rejection.invalidQuery("invalid-parameter", "Paramètre invalide", name, detail);
        }
        long value = Long.parseLong(raw.strip());
        if (value < min || value > max) {
            throw Rejection.invalidQuery("invalid-parameter", "Paramètre invalide", name, detail);
        }
        return (int) value;
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
