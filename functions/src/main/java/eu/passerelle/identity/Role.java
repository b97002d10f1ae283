package eu.passerelle.identity;

import java.util.Locale;
import java.util.Optional;

/** What a signed-in person does on the platform; one identity provider group per role. */
public enum Role {
    /** A separating parent: asks for vouchers, sees their own. */
    PARENT,
    /** An approved (or applying) professional: redeems vouchers, sees their own statements. */
    PROVIDER,
    /** Programme staff: approves providers, runs reimbursements. */
    AGENT,
    /** A department's coordinator: reads the figures of their department. */
    COORDINATOR;

    /** The group name in tokens: {@code parent}, {@code provider}… */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromClaim(String value) {
        for (Role r : values()) {
            if (r.claimValue().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
