package eu.passerelle.identity;

import java.util.EnumSet;
import java.util.Set;

/** Who may call a route: anyone, or a signed-in caller holding one of some roles. */
public record Access(boolean open, Set<Role> roles) {

    public static Access anyone() {
        return new Access(true, Set.of());
    }

    public static Access signedIn(Role first, Role... others) {
        return new Access(false, EnumSet.of(first, others));
    }

    public Access {
        roles = Set.copyOf(roles);
        if (!open && roles.isEmpty()) {
            throw new IllegalArgumentException("A closed route names the roles that may call it");
        }
    }

    public boolean allows(Caller caller) {
        return open || caller != null && caller.hasAny(roles);
    }
}
