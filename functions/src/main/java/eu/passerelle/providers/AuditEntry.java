package eu.passerelle.providers;

import java.time.Instant;
import java.util.Map;

/**
 * One line of a provider's append-only audit trail: who (pseudonymous subject and role), when,
 * what, the state before and after, and the reason given.
 *
 * @param before the fields that changed, as they were (empty on creation)
 * @param after  the same fields as they are now
 */
public record AuditEntry(String providerId, Instant at, String actor, String actorRole, String action,
                         Map<String, String> before, Map<String, String> after, String reason) {

    public AuditEntry {
        before = Map.copyOf(before);
        after = Map.copyOf(after);
    }
}
