package eu.passerelle.reimbursement;

import eu.passerelle.providers.ProviderStore;

import java.util.Optional;

/** Payees from the providers' records: the name they practise under and the account they declared. */
public final class ProviderPayees implements Payees {

    private final ProviderStore providers;

    public ProviderPayees(ProviderStore providers) {
        this.providers = providers;
    }

    @Override
    public Optional<Payee> payee(String providerId) {
        return providers.find(providerId).filter(p -> p.application().bankAccount() != null)
                .map(p -> new Payee(p.id(), p.application().displayName(), p.application().bankAccount().iban(),
                        p.application().bankAccount().bic()));
    }
}
