package eu.passerelle.reimbursement;

import java.time.Instant;

/**
 * A reimbursement run: settles every applied redemption no run has settled, up to its cut-off,
 * one statement per provider, then issues one payment file.
 *
 * @param requestedBy     "schedule" or the agent's account id
 * @param providersTotal  providers found with entries to settle (known once the run has listed them), or -1
 * @param providersDone   providers settled by this run so far (statements written)
 * @param linesCount      lines written so far
 * @param linesTotalCents sum of the lines written so far
 * @param controlSumCents sum of what the statements make payable: advanced in the same transaction as each statement
 * @param transfers       statements with a positive balance (one transfer each)
 * @param fileReference   the payment file's message id, once issued
 * @param problem         why the run stopped before its payment file, if it did
 */
public record Run(String id, String requestedBy, Instant cutoff, Status status, Instant startedAt, Instant finishedAt,
                  int providersTotal, int providersDone, long linesCount, long linesTotalCents, long controlSumCents,
                  int transfers, String fileReference, String problem) {

    public enum Status {
        /** Recorded, waiting for (or between) executions. */
        RUNNING,
        /** Every statement written, the checks passed and the payment file is stored. */
        COMPLETED,
        /** A check failed: no payment file. */
        BLOCKED
    }

    public static Run started(String id, String requestedBy, Instant cutoff) {
        return new Run(id, requestedBy, cutoff, Status.RUNNING, cutoff, null, -1, 0, 0, 0, 0, 0, null, null);
    }

    public boolean finished() {
        return status != Status.RUNNING;
    }
}
