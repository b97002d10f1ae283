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
     * credential or place goes back to an agent first. A new bank account, once one was reviewed,
     * becomes a pending change an agent reviews apart ({@link #decideBankChange}): the provider
     * stays approved and is paid on the last reviewed account meanwhile (or held, see
     * {@link BankDetails#holdReason()}).
     */
    public Provider correct(Caller caller, ApplicationForm form) {
        Instant now = clock.instant();
        Provider before = own(caller);
        boolean bankGiven = form == null || form.bankAccount() != null;
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
        BankDetails bank = bankGiven ? before.bank().declare(application.bankAccount(),
                Boolean.TRUE.equals(form.bankAccount().previousAccountClosed()), now, caller.subject()) : before.bank();
        Instant submittedAt = status == ProviderStatus.SUBMITTED ? now : before.submittedAt();
        Provider after = before.withApplication(application, status, submittedAt).withBank(bank, application);
        Map<String, String> was = new LinkedHashMap<>();
        Map<String, String> is = new LinkedHashMap<>();
        diff(before, after, was, is);
        if (was.isEmpty() && before.status() == status) {
            return before; // nothing changed: nothing to write, nothing to audit
        }
        String action = status == ProviderStatus.SUBMITTED ? "resubmit"
                : bank.pending() != null && !Objects.equals(bank.pending(), before.bank().pending()) ? "request-bank-change"
                : "update-profile";
        store.update(before, after, new AuditEntry(before.id(), now, caller.subject(), Role.PROVIDER.claimValue(),
                action, was, is, null), before.listed() || after.listed());
        return after;
    }

    /** An agent's decision on a provider's pending change of bank account. */
    public enum BankDecision {
        APPROVE, REJECT;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static java.util.Optional<BankDecision> fromCode(String code) {
            for (BankDecision d : values()) {
                if (d.code().equals(code)) {
                    return java.util.Optional.of(d);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /**
     * An agent approves or rejects the pending change of bank account: approved, it is the
     * account paid from the next run on; rejected (with a reason the provider reads), the last
     * reviewed account stays. Whatever the provider's status: a suspended provider may still be owed money.
     *
     * @param expectedIban the new IBAN the agent reviewed: the decision is refused if the
     *                     provider changed it meanwhile (null: not checked; the record's version is)
     */
    public Provider decideBankChange(Caller agent, String providerId, BankDecision decision, String reason,
                                     String expectedIban) {
        String why = checkedReason(reason, decision == BankDecision.REJECT);
        Provider before = find(providerId);
        BankDetails bank = before.bank();
        if (bank.pending() == null) {
            throw new Rejection(Rejection.Kind.CONFLICT, "no-pending-bank-change", "Aucun changement à examiner",
                    "Ce prestataire n'a pas de changement de coordonnées bancaires en attente.", List.of());
        }
        if (expectedIban != null && !expectedIban.replaceAll("[\\s-]", "").equalsIgnoreCase(bank.pending().account().iban())) {
            throw new Rejection(Rejection.Kind.CONFLICT, "concurrent-change", "Modification simultanée",
                    "Le prestataire a changé de compte depuis que vous l'avez ouvert : rechargez le dossier avant de décider.",
                    List.of());
        }
        Instant now = clock.instant();
        BankDetails decided = decision == BankDecision.APPROVE ? bank.changeApproved(now, agent.subject())
                : bank.changeRejected(now, agent.subject(), why);
        // Rejected, the declared account goes back to the reviewed one: the form shows what is paid.
        Application application = decision == BankDecision.APPROVE ? before.application()
                : withBankAccount(before.application(), bank.reviewed().account());
        Provider after = new Provider(before.id(), before.accountId(), before.status(), application, before.submittedAt(),
                before.decidedAt(), before.reason(), before.version() + 1, decided);
        store.update(before, after, new AuditEntry(providerId, now, agent.subject(), Role.AGENT.claimValue(),
                decision.code() + "-bank-change",
                Map.of("bankAccount", describe(bank.reviewed().account())),
                Map.of("bankAccount", describe(decision == BankDecision.APPROVE ? bank.pending().account() : bank.reviewed().account()),
                        "requestedBy", bank.pending().requestedBy(), "requestedAt", bank.pending().requestedAt().toString()),
                why), false);
        return after;
    }

    /** Providers with a change of bank account waiting for an agent, oldest request first. */
    public Page<Provider> pendingBankChanges(String cursor, int limit) {
        return store.listPendingBankChanges(cursor, limit);
    }

    private static Application withBankAccount(Application a, BankAccount account) {
        return new Application(a.displayName(), a.profession(), a.credential(), a.address(), a.area(), a.languages(),
                a.remoteSessions(), a.wheelchairAccessible(), a.contact(), account, a.charterVersion(), a.charterAcceptedAt());
    }

    private static String describe(BankAccount account) {
        return account.masked() + " " + account.bic();
    }

    private static String checkedReason(String reason, boolean required) {
        String why = reason == null ? null : reason.strip();
        checkReason(why, required);
        return why == null || why.isEmpty() ? null : why;
    }

    /** Rejects a missing reason where one is required, and one too long anywhere ({@code why} already stripped). */
    private static void checkReason(String why, boolean required) {
        if (required && (why == null || why.length() < 3)) {
            throw new Rejection(Rejection.Kind.INVALID, "reason-required", "Motif obligatoire",
                    "Indiquez au prestataire le motif de cette décision.", List.of(
                    new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/reason", "Motif obligatoire (3 caractères au moins).")));
        }
        if (why != null && why.length() > 1000) {
            throw new Rejection(Rejection.Kind.INVALID, "reason-too-long", "Motif trop long",
                    "Le motif compte 1000 caractères au plus.", List.of(
                    new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/reason", "1000 caractères au plus.")));
        }
    }

    /** An agent's decision on a provider. */
    public Provider decide(Caller agent, String providerId, Decision decision, String reason) {
        String why = reason == null ? null : reason.strip();
        checkReason(why, decision.needsReason());
        Provider before = find(providerId);
        ProviderStatus next = decision.apply(before.status());
        Instant now = clock.instant();
        Provider after = before.withStatus(next, now, decision.needsReason() ? why : null);
        if (decision == Decision.APPROVE) {
            // The agent saw the record: its account (the first time) and the name transfers carry are reviewed.
            after = after.withBank(before.bank().approvedWith(before.application(), now, agent.subject()), after.application());
        }
        Map<String, String> is = new LinkedHashMap<>(Map.of("status", next.name().toLowerCase()));
        if (decision == Decision.APPROVE && before.bank().reviewed() == null) {
            is.put("bankAccount", describe(before.application().bankAccount())); // the first reviewed account, on the record
        }
        store.update(before, after, new AuditEntry(providerId, now, agent.subject(), Role.AGENT.claimValue(),
                decision.code(), Map.of("status", before.status().name().toLowerCase()), is, why), true);
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
        compare("bankChange", pending(before.bank()), pending(after.bank()), was, is);
        compare("contact", contact(a.contact()), contact(b.contact()), was, is);
        compare("remoteSessions", String.valueOf(a.remoteSessions()), String.valueOf(b.remoteSessions()), was, is);
        compare("wheelchairAccessible", String.valueOf(a.wheelchairAccessible()), String.valueOf(b.wheelchairAccessible()), was, is);
    }

    /** The pending change as the audit trail records it (masked). */
    private static String pending(BankDetails bank) {
        if (bank.pending() == null) {
            return "aucun";
        }
        return "en attente : " + describe(bank.pending().account())
                + (bank.pending().previousAccountClosed() ? ", ancien compte déclaré clos" : "");
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
