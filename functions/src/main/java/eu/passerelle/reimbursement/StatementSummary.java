package eu.passerelle.reimbursement;

import java.time.Instant;
import java.util.List;

/** A statement without its lines: what lists, run checks and the payment file need. */
public record StatementSummary(String runId, String providerId, String reference, long settledAfter, long settledThrough,
                               int lineCount, long linesTotalCents, long carriedInCents, long balanceCents,
                               long payableCents, long carriedOutCents, Instant createdAt) {

    public static StatementSummary of(Statement s) {
        return new StatementSummary(s.runId(), s.providerId(), s.reference(), s.settledAfter(), s.settledThrough(),
                s.lines().size(), s.linesTotalCents(), s.carriedInCents(), s.balanceCents(), s.payableCents(),
                s.carriedOutCents(), s.createdAt());
    }

    /** Checks the stored lines against this summary (count and sum): the check before money moves. */
    public void checkLines(List<StatementLine> lines) {
        if (lines.size() != lineCount) {
            throw new Statement.TotalsMismatch("Statement " + reference + ": " + lines.size() + " lines stored, "
                    + lineCount + " announced");
        }
        Statement.checkTotals(lines, linesTotalCents, carriedInCents, balanceCents, payableCents, carriedOutCents);
    }
}
