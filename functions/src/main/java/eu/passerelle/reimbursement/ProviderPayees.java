package eu.passerelle.reimbursement;

import eu.passerelle.providers.BankDetails;
import eu.passerelle.providers.ProviderStore;

import java.util.Optional;

/**
 * Payees from the providers' records: only ever the last account an agent reviewed, in the name
 * the agent approved; never an account the provider declared since (it waits for its review).
 */
public final class ProviderPayees implements Payees {

    private final ProviderStore providers;

    public ProviderPayees(ProviderStore providers) {
        this.providers = providers;
    }

    @Override
    public Optional<Payee> payee(String providerId) {
        return providers.find(providerId).filter(p -> p.bank().reviewed() != null).map(p -> {
            BankDetails.Reviewed r = p.bank().reviewed();
            return new Payee(p.id(), r.holder(), r.account().iban(), r.account().bic());
        });
    }

    @Override
    public Optional<String> holdReason(String providerId) {
        return providers.find(providerId).map(p -> p.bank().holdReason())
                .orElse(Optional.of("Prestataire inconnu : aucun compte à payer."));
    }
}
