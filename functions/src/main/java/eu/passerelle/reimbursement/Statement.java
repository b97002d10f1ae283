package eu.passerelle.reimbursement;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A provider's statement in one run: the ledger entries after the provider's watermark (up to the
 * run's cut-off), priced, plus the negative balance carried from the last statement. A positive
 * balance is paid by transfer; a negative one is carried forward to the next statement.
 *
 * @param reference        what the transfer's remittance information and the provider's screens show
 * @param settledAfter     the watermark it starts from (exclusive)
 * @param settledThrough   the last ledger entry it settles: the provider's new watermark
 * @param linesTotalCents  the sum of the lines
 * @param carriedInCents   the negative balance brought forward (zero or less)
 * @param balanceCents     carried in + lines
 * @param payableCents     what is transferred: the balance when positive, else zero
 * @param carriedOutCents  what is carried to the next statement: the balance when negative, else zero
 */
public record Statement(String runId, String providerId, String reference, long settledAfter, long settledThrough,
                        List<StatementLine> lines, long linesTotalCents, long carriedInCents, long balanceCents,
                        long payableCents, long carriedOutCents, Instant createdAt) {

    /** Upper bound of entries one statement settles (one DynamoDB transaction holds them); the rest waits for the next run. */
    public static final int MAX_ENTRIES = 40_000;
    /**
     * Upper bound of distinct {@link PaidCell}s one statement pays into: their counters are
     * written in the statement's transaction (two items each), which must stay within 100 items.
     */
    public static final int MAX_PAID_CELLS = 8;

    public Statement {
        lines = List.copyOf(lines);
        checkTotals(lines, linesTotalCents, carriedInCents, balanceCents, payableCents, carriedOutCents);
    }

    /** The check before money moves: the lines add up to the total, and the balance splits into paid and carried. */
    static void checkTotals(List<StatementLine> lines, long linesTotal, long carriedIn, long balance, long payable,
                            long carriedOut) {
        long sum = lines.stream().mapToLong(StatementLine::amountCents).sum();
        if (sum != linesTotal) {
            throw new TotalsMismatch("The lines add up to " + sum + " cents, the statement says " + linesTotal);
        }
        if (carriedIn > 0 || balance != carriedIn + linesTotal || payable != Math.max(balance, 0)
                || carriedOut != Math.min(balance, 0)) {
            throw new TotalsMismatch("The balance does not split into payable and carried forward");
        }
    }

    /** Totals that do not reconcile: the run stops before its payment file. */
    public static final class TotalsMismatch extends RuntimeException {
        public TotalsMismatch(String message) {
            super(message);
        }
    }

    /**
     * A short reference, unique per run and provider, that fits the 35 characters a SEPA
     * end-to-end id allows: the run's date and a digest of the run and provider.
     */
    public static String reference(String runId, String providerId) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((runId + "|" + providerId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String hex = java.util.HexFormat.of().withUpperCase().formatHex(digest, 0, 6);
            return "PAS-" + runId.substring(0, Math.min(8, runId.length())) + "-" + hex;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Money paid per department, month of session and service (a reversal counts negative). */
    public Map<PaidCell, Long> paidByCell() {
        Map<PaidCell, Long> paid = new LinkedHashMap<>();
        lines.forEach(l -> paid.merge(l.cell(), l.amountCents(), Long::sum));
        return paid;
    }

    public Watermark watermarkAfter() {
        return new Watermark(settledThrough, carriedOutCents, runId);
    }

    /**
     * The statement settling {@code entries} (the provider's ledger after its watermark, in
     * order), or empty when nothing up to the cut-off is left to settle. Only a prefix of the
     * ledger is settled: it stops at the first entry written after the cut-off, so the watermark
     * always means "everything up to here".
     *
     * <p>A session and its reversal both in this statement cancel out and are left off; a
     * reversal of a session already paid is a negative line. It also stops before an entry that
     * would pay into a ninth {@link PaidCell} ({@link #MAX_PAID_CELLS}): the rest waits for the
     * next run.</p>
     */
    public static Optional<Statement> settle(String runId, String providerId, Watermark from, List<LedgerEntry> entries,
                                             Instant cutoff, Pricing pricing, Instant now) {
        List<LedgerEntry> prefix = new ArrayList<>();
        Set<PaidCell> cells = new HashSet<>();
        long expected = from.settledThrough() + 1;
        for (LedgerEntry e : entries) {
            if (e.sequence() <= from.settledThrough()) {
                continue;
            }
            if (e.sequence() != expected || e.at().isAfter(cutoff) || prefix.size() == MAX_ENTRIES) {
                break;
            }
            PaidCell cell = new PaidCell(e.department(), YearMonth.from(e.sessionDate()), e.service());
            if (!cells.contains(cell) && cells.size() == MAX_PAID_CELLS) {
                break;
            }
            cells.add(cell);
            prefix.add(e);
            expected++;
        }
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        Set<Long> reversedHere = new HashSet<>();
        Set<Long> inPrefix = new HashSet<>();
        prefix.forEach(e -> inPrefix.add(e.sequence()));
        for (LedgerEntry e : prefix) {
            if (e.kind() == LedgerEntry.Kind.REVERSAL && e.reverses() != null && inPrefix.contains(e.reverses())) {
                reversedHere.add(e.reverses());
                reversedHere.add(e.sequence());
            }
        }
        List<StatementLine> lines = new ArrayList<>();
        for (LedgerEntry e : prefix) {
            if (!reversedHere.contains(e.sequence())) {
                lines.add(StatementLine.of(e, pricing.price(e)));
            }
        }
        long linesTotal = lines.stream().mapToLong(StatementLine::amountCents).sum();
        long balance = from.carriedCents() + linesTotal;
        return Optional.of(new Statement(runId, providerId, reference(runId, providerId), from.settledThrough(),
                prefix.get(prefix.size() - 1).sequence(), lines, linesTotal, from.carriedCents(), balance,
                Math.max(balance, 0), Math.min(balance, 0), now));
    }
}
