package eu.passerelle.reimbursement;

import eu.passerelle.Rejection;
import eu.passerelle.identity.Caller;
import eu.passerelle.providers.Page;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderStore;

import java.util.List;

/**
 * What a provider sees of reimbursement: their own statements only. A provider's identity comes
 * from the signed-in account, never from the request, so nobody reads another's statement.
 */
public final class ProviderStatements {

    private final ReimbursementStore store;
    private final ProviderStore providers;

    public ProviderStatements(ReimbursementStore store, ProviderStore providers) {
        this.store = store;
        this.providers = providers;
    }

    private Provider provider(Caller caller) {
        // A provider suspended since keeps seeing the statements of what they were paid.
        return providers.findByAccount(caller.subject()).orElseThrow(() -> new Rejection(Rejection.Kind.FORBIDDEN,
                "not-a-provider", "Prestataire inconnu", "Ce compte n'a pas de dossier de prestataire.", List.of()));
    }

    public Page<StatementSummary> mine(Caller caller, String cursor, int limit) {
        return store.statementsOf(provider(caller).id(), cursor, limit);
    }

    public Statement one(Caller caller, String runId) {
        String providerId = provider(caller).id();
        return store.statement(runId, providerId).orElseThrow(() -> Rejection.notFound("unknown-statement",
                "Relevé inconnu", "Vous n'avez pas de relevé dans ce remboursement."));
    }
}
