package eu.passerelle.redemption;

import java.time.Instant;
import java.util.Optional;

/**
 * Where idempotency records live. The semantics are those of Powertools' idempotency utility
 * (which does not resolve on our mirror): a record is taken {@code IN_PROGRESS} with a lock that
 * lapses, then {@code COMPLETED} with the response, both expiring after a while; a failure
 * removes the record so that a retry runs again.
 */
public interface IdempotencyStore {

    /** A stored record. */
    record Entry(String scope, String key, String requestHash, boolean completed, int status, String body,
                 Instant lockedUntil, Instant expiresAt) {
    }

    /**
     * Takes the record for a new request, unless a live one exists.
     *
     * @return empty when taken; the existing record otherwise (completed, or in progress and locked)
     */
    Optional<Entry> begin(String scope, String key, String requestHash, Instant now, Instant lockedUntil, Instant expiresAt);

    /**
     * Whether the last {@link #begin} that took a record on this thread took over the same request
     * left in progress by a crash (same key, same body, lock expired): part of its work may be done.
     */
    default boolean tookOverSameRequest() {
        return false;
    }

    void complete(String scope, String key, int status, String body, Instant expiresAt);

    void abandon(String scope, String key);
}
