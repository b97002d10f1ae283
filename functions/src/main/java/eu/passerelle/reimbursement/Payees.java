package eu.passerelle.reimbursement;

import java.util.Optional;

/** Where providers are paid, read when a run settles them and when it builds the payment file. */
public interface Payees {

    /** The holder's name, IBAN and BIC of the last account an agent reviewed; empty when none was. */
    Optional<Payee> payee(String providerId);

    /**
     * Why the provider's transfer must wait, when it must: the run then leaves the provider's
     * sessions unsettled (the first run after the cause is gone pays them) and shows the reason.
     * By default a provider is held only when no reviewed account exists.
     */
    default Optional<String> holdReason(String providerId) {
        return payee(providerId).isPresent() ? Optional.empty()
                : Optional.of("Aucun compte bancaire vérifié par un agent : le virement attend cette vérification.");
    }
}
