package eu.passerelle.reimbursement;

import eu.passerelle.Rejection;
import eu.passerelle.identity.Caller;
import eu.passerelle.providers.Page;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderStore;

import java.util.List;
import java.util.Optional;

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

    /** A provider suspended since keeps seeing the statements of what they were paid; an account without a record has none. */
    private Optional<Provider> provider(Caller caller) {
        return providers.findByAccount(caller.subject());
    }

    public Page<StatementSummary> mine(Caller caller, String cursor, int limit) {
        return provider(caller).map(p -> store.statementsOf(p.id(), cursor, limit)).orElse(new Page<>(List.of(), null));
    }

    /**
     * The provider's transfer held by the last run that found something to pay them, while no
     * later statement paid it: what waits and why (the provider's statements page says so).
     */
    public Optional<ReimbursementStore.Hold> held(Caller caller) {
        return provider(caller).flatMap(p -> store.lastHold(p.id()).filter(h -> store.statement(h.runId(), p.id()).isEmpty()
                && store.statementsOf(p.id(), null, 1).items().stream().noneMatch(s -> s.createdAt().isAfter(h.at()))));
    }

    public Statement one(Caller caller, String runId) {
        return provider(caller).flatMap(p -> store.statement(runId, p.id())).orElseThrow(() -> Rejection.notFound(
                "unknown-statement", "Relevé inconnu", "Vous n'avez pas de relevé dans ce remboursement."));
    }
}
