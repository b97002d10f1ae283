package eu.passerelle.evaluation;

import java.time.YearMonth;

/**
 * What other parts of the programme tell the coordination outside the transactions that
 * count vouchers. The settlement calls {@link #recordPaid} once per statement line it pays,
 * in the same transaction as that line when its store can (see the adapter's
 * {@code paidWrite}), so that a rerun never counts a payment twice.
 */
public interface MetricsPort {

    /**
     * Adds money paid to providers for sessions of a service in a department and month.
     *
     * @param department the voucher's department (the ledger entry carries it)
     * @param cents      what was paid (negative for a reversal line)
     */
    void recordPaid(String department, YearMonth month, String service, long cents);
}
