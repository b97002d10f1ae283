package eu.passerelle.vouchers;

import eu.passerelle.providers.Profession;

import java.util.Arrays;
import java.util.Optional;

/**
 * A service a voucher pays for, with the three-letter prefix of its codes. Prefixes use only
 * symbols of the code alphabet, so that the check symbol covers them too.
 */
public enum Service {
    PSYCHOLOGIST(Profession.PSYCHOLOGIST, "PSY"),
    FAMILY_MEDIATOR(Profession.FAMILY_MEDIATOR, "MED"),
    LAWYER(Profession.LAWYER, "AVC"),
    SOCIAL_WORKER(Profession.SOCIAL_WORKER, "TSS");

    private final Profession profession;
    private final String prefix;

    Service(Profession profession, String prefix) {
        this.profession = profession;
        this.prefix = prefix;
    }

    public Profession profession() {
        return profession;
    }

    public String code() {
        return profession.code();
    }

    public String label() {
        return profession.label();
    }

    public String prefix() {
        return prefix;
    }

    public static Optional<Service> fromCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code().equals(code)).findFirst();
    }

    public static Optional<Service> fromPrefix(String prefix) {
        return Arrays.stream(values()).filter(s -> s.prefix.equals(prefix)).findFirst();
    }

    public static Service of(Profession profession) {
        return Arrays.stream(values()).filter(s -> s.profession == profession).findFirst().orElseThrow();
    }
}
