package eu.passerelle.reimbursement;

import java.util.Optional;

/** The providers' bank details, read when the payment file is built. */
public interface Payees {

    Optional<Payee> payee(String providerId);
}
