package eu.passerelle.functions.providers;

import eu.passerelle.Rejection;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;
import eu.passerelle.functions.http.JsonBodies;
import eu.passerelle.functions.http.QueryParameters;
import eu.passerelle.providers.Decision;
import eu.passerelle.providers.Page;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderService;
import eu.passerelle.providers.ProviderStatus;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** Agents' back office for providers: the queues, a record with its audit trail, decisions. */
public final class BackOfficeHandlers {

    /** The body of a decision. */
    public record DecisionForm(String decision, String reason, Long version) {
    }

    private final Supplier<ProviderService> service;
    private final Supplier<PostalCodeDirectory> postalCodes;

    public BackOfficeHandlers(Supplier<ProviderService> service, Supplier<PostalCodeDirectory> postalCodes) {
        this.service = service;
        this.postalCodes = postalCodes;
    }

    /** {@code GET /api/back-office/providers?status=submitted&cursor=…&limit=…} */
    public HttpResponse queue(HttpRequest request) {
        String raw = request.queryParameter("status");
        ProviderStatus status;
        try {
            status = raw == null || raw.isBlank() ? ProviderStatus.SUBMITTED : ProviderStatus.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Rejection.invalidQuery("invalid-parameter", "Paramètre invalide", "status",
                    "Statuts possibles : " + String.join(", ", Arrays.stream(ProviderStatus.values())
                            .map(s -> s.name().toLowerCase(Locale.ROOT)).toList()) + ".");
        }
        int limit = QueryParameters.integer(request, "limit", 20, 1, 100);
        Page<Provider> page = service.get().queue(status, request.queryParameter("cursor"), limit);
        return HttpResponse.ok(new ProviderViews.Queue(page.items().stream()
                .map(p -> ProviderViews.record(p, true, postalCodes.get())).toList(), page.nextCursor()));
    }

    /** {@code GET /api/back-office/providers/{id}} */
    public HttpResponse record(HttpRequest request) {
        String id = request.pathParameter("id");
        Provider provider = service.get().find(id);
        return HttpResponse.ok(new ProviderViews.AgentRecord(ProviderViews.record(provider, true, postalCodes.get()),
                service.get().audit(id).stream().map(ProviderViews::audit).toList()));
    }

    /**
     * The body of a decision on a change of bank account.
     *
     * @param iban the new IBAN the agent reviewed (optional): refused if the provider changed it since
     */
    public record BankDecisionForm(String decision, String reason, Long version, String iban) {
    }

    /** {@code GET /api/back-office/bank-changes?cursor=…&limit=…}: changes of bank account waiting for an agent, oldest first. */
    public HttpResponse bankChanges(HttpRequest request) {
        int limit = QueryParameters.integer(request, "limit", 20, 1, 100);
        Page<Provider> page = service.get().pendingBankChanges(request.queryParameter("cursor"), limit);
        return HttpResponse.ok(new ProviderViews.BankChanges(page.items().stream().map(ProviderViews::bankChange).toList(),
                page.nextCursor()));
    }

    /** {@code POST /api/back-office/providers/{id}/bank-details/decisions}: approve or reject the pending change. */
    public HttpResponse decideBankChange(HttpRequest request) {
        BankDecisionForm form = JsonBodies.read(request, BankDecisionForm.class);
        ProviderService.BankDecision decision = form.decision() == null ? null
                : ProviderService.BankDecision.fromCode(form.decision().strip().toLowerCase(Locale.ROOT)).orElse(null);
        if (decision == null) {
            throw new Rejection(Rejection.Kind.INVALID, "invalid-decision", "Décision inconnue",
                    "Décisions possibles : approve, reject.", List.of(
                    new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/decision", "approve ou reject.")));
        }
        String id = providerId(request);
        if (form.version() != null && service.get().find(id).version() != form.version()) {
            throw new Rejection(Rejection.Kind.CONFLICT, "concurrent-change", "Modification simultanée",
                    "Ce dossier a changé depuis que vous l'avez ouvert : rechargez-le avant de décider.", List.of());
        }
        Provider provider = service.get().decideBankChange(request.requireCaller(), id, decision, form.reason(), form.iban());
        return HttpResponse.ok(ProviderViews.record(provider, true, postalCodes.get()));
    }

    /** A provider id as the store issues them (a UUID; fixtures use letters and digits): anything else never reaches the store. */
    private static String providerId(HttpRequest request) {
        String id = request.pathParameter("id");
        if (id == null || !id.matches("[A-Za-z0-9-]{1,64}")) {
            throw Rejection.invalidPath("invalid-provider-id", "Identifiant de prestataire invalide", "id",
                    "Un identifiant de prestataire compte au plus 64 lettres, chiffres et tirets.");
        }
        return id;
    }

    /** {@code POST /api/back-office/providers/{id}/decisions} */
    public HttpResponse decide(HttpRequest request) {
        DecisionForm form = JsonBodies.read(request, DecisionForm.class);
        Decision decision = form.decision() == null ? null : Decision.fromCode(form.decision().strip().toLowerCase(Locale.ROOT))
                .orElse(null);
        if (decision == null) {
            throw new Rejection(Rejection.Kind.INVALID, "invalid-decision", "Décision inconnue",
                    "Décisions possibles : approve, reject, suspend, reinstate.", List.of(
                    new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/decision", "approve, reject, suspend ou reinstate.")));
        }
        String id = request.pathParameter("id");
        if (form.version() != null && service.get().find(id).version() != form.version()) {
            throw new Rejection(Rejection.Kind.CONFLICT, "concurrent-change", "Modification simultanée",
                    "Ce dossier a changé depuis que vous l'avez ouvert : rechargez-le avant de décider.", List.of());
        }
        Provider provider = service.get().decide(request.requireCaller(), id, decision, form.reason());
        return HttpResponse.ok(ProviderViews.record(provider, true, postalCodes.get()));
    }
}
