package eu.passerelle.providers;

import eu.passerelle.Rejection;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** The life of a provider's record: apply, correct, and the agents' decisions. */
public final class ProviderService {

    private final ProviderStore store;
    private final PostalCodeDirectory postalCodes;
    private final Clock clock;

    public ProviderService(ProviderStore store, PostalCodeDirectory postalCodes, Clock clock) {
        this.store = store;
        this.postalCodes = postalCodes;
        this.clock = clock;
    }

    /** A provider's first application: one per account. */
    public Provider apply(Caller caller, ApplicationForm form) {
        Instant now = clock.instant();
        Application application = ApplicationRules.check(form, postalCodes, now);
        if (store.findByAccount(caller.subject()).isPresent()) {
            throw alreadyApplied();
        }
        Provider provider = new Provider(UUID.randomUUID().toString(), caller.subject(), ProviderStatus.SUBMITTED,
                application, now, null, null, 1);
        store.create(provider, new AuditEntry(provider.id(), now, caller.subject(), Role.PROVIDER.claimValue(),
                "apply", Map.of(), Map.of("status", "submitted"), null));
        return provider;
    }

    static Rejection alreadyApplied() {
        return new Rejection(Rejection.Kind.CONFLICT, "already-applied", "Candidature déjà déposée",
                "Ce compte a déjà déposé une candidature : modifiez-la plutôt.", List.of());
    }

    public Provider own(Caller caller) {
        return store.findByAccount(caller.subject()).orElseThrow(() -> Rejection.notFound("no-application",
                "Aucune candidature", "Ce compte n'a pas encore déposé de candidature."));
    }

    /**
     * A provider corrects their record. A pending or rejected application is resubmitted; an
     * approved provider's contact, area and languages change at once, but a change of identity,
     * credential, place or bank account goes back to an agent first.
     */
    public Provider correct(Caller caller, ApplicationForm form) {
        Instant now = clock.instant();
        Provider before = own(caller);
        if (form != null && form.bankAccount() == null) {
            // The provider only ever sees a masked IBAN: leaving the bank account out keeps it.
            BankAccount bank = before.application().bankAccount();
            form = new ApplicationForm(form.displayName(), form.profession(), form.credential(), form.address(), form.area(),
                    form.languages(), form.remoteSessions(), form.wheelchairAccessible(), form.contact(),
                    new ApplicationForm.BankAccountForm(bank.iban(), bank.bic()), form.charter());
        }
        Application application = ApplicationRules.check(form, postalCodes, now);
        ProviderStatus status = switch (before.status()) {
            case SUBMITTED, REJECTED -> ProviderStatus.SUBMITTED;
            case APPROVED -> application.needsReviewComparedTo(before.application())
                    ? ProviderStatus.SUBMITTED : ProviderStatus.APPROVED;
            case SUSPENDED -> throw new Rejection(Rejection.Kind.CONFLICT, "suspended", "Compte suspendu",
                    "Votre inscription est suspendue : contactez le programme. Motif : " + before.reason(), List.of());
        };
        Instant submittedAt = status == ProviderStatus.SUBMITTED ? now : before.submittedAt();
        Provider after = before.withApplication(application, status, submittedAt);
        Map<String, String> was = new LinkedHashMap<>();
        Map<String, String> is = new LinkedHashMap<>();
        diff(before, after, was, is);
        if (was.isEmpty() && before.status() == status) {
            return before; // nothing changed: nothing to write, nothing to audit
        }
        store.update(before, after, new AuditEntry(before.id(), now, caller.subject(), Role.PROVIDER.claimValue(),
                status == ProviderStatus.SUBMITTED ? "resubmit" : "update-profile", was, is, null),
                before.listed() || after.listed());
        return after;
    }

    /** An agent's decision on a provider. */
    public Provider decide(Caller agent, String providerId, Decision decision, String reason) {
        String why = reason == null ? null : reason.strip();
        if (decision.needsReason() && (why == null || why.length() < 3)) {
            throw new Rejection(Rejection.Kind.INVALID, "reason-required", "Motif obligatoire",
                    "Indiquez au prestataire le motif de cette décision.", List.of(
                    new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/reason", "Motif obligatoire (3 caractères au moins).")));
        }
        if (why != null && why.length() > 1000) {
            throw new Rejection(Rejection.Kind.INVALID, "reason-too-long", "Motif trop long",
                    "Le motif compte 1000 caractères au plus.", List.of(
                    new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/reason", "1000 caractères au plus.")));
        }
        Provider before = find(providerId);
        ProviderStatus next = decision.apply(before.status());
        Instant now = clock.instant();
        Provider after = before.withStatus(next, now, decision.needsReason() ? why : null);
        store.update(before, after, new AuditEntry(providerId, now, agent.subject(), Role.AGENT.claimValue(),
                decision.code(), Map.of("status", before.status().name().toLowerCase()),
                Map.of("status", next.name().toLowerCase()), why), true);
        return after;
    }

    public Provider find(String providerId) {
        return store.find(providerId).orElseThrow(() -> Rejection.notFound("unknown-provider",
                "Prestataire inconnu", "Aucun prestataire ne porte cet identifiant."));
    }

    public Page<Provider> queue(ProviderStatus status, String cursor, int limit) {
        return store.listByStatus(status, cursor, limit);
    }

    public List<AuditEntry> audit(String providerId) {
        find(providerId);
        return store.audit(providerId);
    }

    /** The fields an audit entry records: what matters for review, never the full IBAN. */
    private static void diff(Provider before, Provider after, Map<String, String> was, Map<String, String> is) {
        Application a = before.application();
        Application b = after.application();
        compare("status", before.status().name().toLowerCase(), after.status().name().toLowerCase(), was, is);
        compare("displayName", a.displayName(), b.displayName(), was, is);
        compare("profession", a.profession().code(), b.profession().code(), was, is);
        compare("credential", a.credential().kind() + " " + a.credential().number(),
                b.credential().kind() + " " + b.credential().number(), was, is);
        compare("address", a.address().street() + ", " + a.address().postalCode() + " " + a.address().commune(),
                b.address().street() + ", " + b.address().postalCode() + " " + b.address().commune(), was, is);
        compare("area", area(a.area()), area(b.area()), was, is);
        compare("languages", String.join(", ", a.languages()), String.join(", ", b.languages()), was, is);
        compare("bankAccount", a.bankAccount().masked() + " " + a.bankAccount().bic(),
                b.bankAccount().masked() + " " + b.bankAccount().bic(), was, is);
        compare("contact", contact(a.contact()), contact(b.contact()), was, is);
        compare("remoteSessions", String.valueOf(a.remoteSessions()), String.valueOf(b.remoteSessions()), was, is);
        compare("wheelchairAccessible", String.valueOf(a.wheelchairAccessible()), String.valueOf(b.wheelchairAccessible()), was, is);
    }

    private static String area(ServiceArea area) {
        return (area.radiusKm() > 0 ? area.radiusKm() + " km" : "") + (area.radiusKm() > 0 && !area.departments().isEmpty() ? " ; " : "")
                + (area.departments().isEmpty() ? "" : "départements " + String.join(", ", area.departments()));
    }

    private static String contact(Contact c) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (c.phone() != null) {
            parts.add("tél. " + c.phone());
        }
        if (c.email() != null) {
            parts.add(c.email());
        }
        if (c.website() != null) {
            parts.add(c.website());
        }
        parts.add("publiés : " + (c.published().isEmpty() ? "rien" : String.join(", ", new java.util.TreeSet<>(c.published()))));
        return String.join(" ; ", parts);
    }

    private static void compare(String field, String before, String after, Map<String, String> was, Map<String, String> is) {
        if (!Objects.equals(before, after)) {
            was.put(field, String.valueOf(before));
            is.put(field, String.valueOf(after));
        }
    }
}
