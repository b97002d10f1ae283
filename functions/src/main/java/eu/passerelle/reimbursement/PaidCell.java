package eu.passerelle.reimbursement;

import java.time.YearMonth;

/**
 * Where the coordination dashboard counts money paid: the voucher's department, the month of the
 * session and the service.
 */
public record PaidCell(String department, YearMonth month, String service) {
}
