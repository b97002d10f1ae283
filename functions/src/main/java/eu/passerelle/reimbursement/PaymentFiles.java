package eu.passerelle.reimbursement;

import java.time.Instant;
import java.util.List;

/** Writes the bank's payment file (SEPA credit transfers) for a run. */
public interface PaymentFiles {

    /**
     * @param messageId       the file's unique reference
     * @param controlSumCents the sum the file must carry: the builder refuses a file whose transfers add up otherwise
     */
    String build(String messageId, Instant createdAt, List<Transfer> transfers, long controlSumCents);
}
