package eu.passerelle.identity;

import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, as the identity provider vouched for it: a pseudonymous subject (never a
 * name or a national number), the roles, and for coordinators their department.
 */
public record Caller(String subject, Set<Role> roles, String department) {

    public Caller {
        Objects.requireNonNull(subject);
        if (subject.isBlank()) {
            throw new IllegalArgumentException("A caller has a subject");
        }
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The role the caller acts in on a route open to {@code allowed}, the first that matches. */
    public boolean hasAny(Set<Role> allowed) {
        return allowed.stream().anyMatch(roles::contains);
    }
}
