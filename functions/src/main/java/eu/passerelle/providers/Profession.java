package eu.passerelle.providers;

import java.util.Arrays;
import java.util.Optional;

/** The four services the programme funds, each carried by one profession. */
public enum Profession {
    PSYCHOLOGIST("psychologist", "Psychologue"),
    FAMILY_MEDIATOR("family-mediator", "Médiateur ou médiatrice familiale"),
    LAWYER("lawyer", "Avocat ou avocate"),
    SOCIAL_WORKER("social-worker", "Assistant ou assistante de service social");

    private final String code;
    private final String label;

    Profession(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The API's name for the service: {@code psychologist}, {@code family-mediator}… */
    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Optional<Profession> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    /** The labels with their codes, for messages: « Psychologue (psychologist), … ». */
    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(p -> p.label + " (" + p.code + ")").toList());
    }

    public static String codes() {
        return String.join(", ", Arrays.stream(values()).map(Profession::code).toList());
    }
}
