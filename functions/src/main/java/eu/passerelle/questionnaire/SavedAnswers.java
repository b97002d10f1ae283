package eu.passerelle.questionnaire;

import java.time.Instant;
import java.util.Optional;

/**
 * Answers a parent chose to keep, and until when: they are deleted after a year, or at once on
 * request. Without the parent's consent nothing is kept.
 */
public interface SavedAnswers {

    void save(String parentId, Answers answers, Instant savedAt, Instant deleteAfter);

    Optional<Answers> find(String parentId);

    void delete(String parentId);
}
