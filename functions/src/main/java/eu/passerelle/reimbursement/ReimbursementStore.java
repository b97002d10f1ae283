package eu.passerelle.reimbursement;

import eu.passerelle.providers.Page;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where runs, statements and the providers' settlement watermarks live, and how the providers'
 * ledgers are read.
 */
public interface ReimbursementStore {

    /** A provider's ledger as the run lists it: its last entry number. */
    record Ledger(String providerId, long head) {
    }

    /** Records a new run; false if one with this id exists already. */
    boolean create(Run run);

    Optional<Run> run(String runId);

    /** Runs, newest first. */
    Page<Run> runs(String cursor, int limit);

    /** Records how many providers the run found to settle. */
    void providersFound(String runId, int providers);

    /** Every provider's ledger (eventually consistent: a ledger created a moment ago may be missing). */
    void ledgers(Consumer<Ledger> each);

    /** The providers' watermarks, read consistently; absent means nothing settled yet. */
    java.util.Map<String, Watermark> watermarks(List<String> providerIds);

    /** The ledger entries after {@code after}, in order, at most {@code limit}. */
    List<LedgerEntry> entriesAfter(String providerId, long after, int limit);

    /** What a commit found. */
    enum Commit {
        /** The statement, the new watermark and the run's counters are written, together. */
        COMMITTED,
        /** Another run (or an earlier attempt of this one) moved the watermark first: nothing written. */
        WATERMARK_MOVED,
        /** The run was finished meanwhile (by another execution of it): nothing written, the next run settles the rest. */
        RUN_FINISHED
    }

    /**
     * In one transaction: the statement and its lines, the provider's watermark moved from
     * {@code from} to the statement's end (conditional on it still being {@code from}), and the
     * run's counters.
     */
    Commit commit(Statement statement, Watermark from);

    /** A run's statements without their lines, in provider order. */
    void statements(String runId, Consumer<StatementSummary> each);

    /** A run's statements with their lines, streamed in provider order (one statement in memory at a time). */
    void statementsWithLines(String runId, Consumer<Statement> each);

    Optional<Statement> statement(String runId, String providerId);

    /** A provider's statements, newest first. */
    Page<StatementSummary> statementsOf(String providerId, String cursor, int limit);

    /**
     * Stores the payment file and marks the run completed (once: a second call changes nothing).
     * A run with nothing to pay completes without a file ({@code fileReference} and {@code file} null).
     */
    void complete(String runId, String fileReference, String file, java.time.Instant at);

    /** Marks the run blocked with the reason (no payment file). */
    void block(String runId, String problem, java.time.Instant at);

    Optional<String> paymentFile(String runId);

    /** Notes that an execution of a running run is alive (its last sign of life). */
    default void heartbeat(String runId, java.time.Instant at) {
    }

    /** When an execution of the run last showed it was alive, if ever. */
    default Optional<java.time.Instant> lastHeartbeat(String runId) {
        return Optional.empty();
    }

    /**
     * A provider's transfer a run held back (no account may be paid now): no statement was
     * written and the watermark did not move, so the first run after the cause is gone pays it.
     *
     * @param sessions     the ledger entries that wait
     * @param waitingCents what the statement would have paid
     */
    record Hold(String runId, String providerId, String reason, int sessions, long waitingCents, java.time.Instant at) {
    }

    /** Records that the run holds this provider's transfer (again on a resumed run: the same record). */
    default void hold(Hold hold) {
        throw new UnsupportedOperationException("This store does not record held transfers");
    }

    /** The transfers a run held, in provider order (a provider settled later by the same run may still be listed). */
    default List<Hold> holds(String runId) {
        return List.of();
    }

    /** A provider's latest held transfer, if any run held one. */
    default Optional<Hold> lastHold(String providerId) {
        return Optional.empty();
    }

    /**
     * A blocked run running again (an agent resumes it once the cause is fixed): false when it
     * was not blocked any more.
     */
    default boolean reopen(String runId, java.time.Instant at) {
        throw new UnsupportedOperationException("This store cannot resume runs");
    }
}
