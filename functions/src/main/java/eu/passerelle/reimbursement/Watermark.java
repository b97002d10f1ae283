package eu.passerelle.reimbursement;

/**
 * How far a provider's ledger has been settled: every entry up to {@code settledThrough} has been
 * on a statement, and a negative balance left by the last statement waits for the next one.
 *
 * @param carriedCents zero or negative: what the provider owes back out of future sessions
 * @param lastRunId    the run that wrote the last statement, or null
 */
public record Watermark(long settledThrough, long carriedCents, String lastRunId) {

    public static final Watermark NONE = new Watermark(0, 0, null);

    public Watermark {
        if (settledThrough < 0 || carriedCents > 0) {
            throw new IllegalArgumentException("A watermark is not negative and carries no credit");
        }
    }
}
