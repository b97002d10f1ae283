package eu.passerelle.vouchers;

import eu.passerelle.Rejection;
import eu.passerelle.directory.GeoPoint;
import eu.passerelle.identity.Caller;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderStore;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Minting, holding, giving back and checking vouchers. */
public final class VoucherService {

    static final int VERIFICATIONS_PER_MINUTE = 30;
    /** Single declarations and batches alike (a batch carries up to 100). */
    static final int DECLARATIONS_PER_MINUTE = 30;
    private static final int MINT_ATTEMPTS = 12;

    private final VoucherStore store;
    private final Supplier<ProgrammeRules> rules;
    private final ProviderStore providers;
    private final Supplier<VoucherCodes> codes;
    private final Supplier<VoucherTokens> tokens;
    private final Clock clock;
    private final ParentPlaces places;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param rules read only when minting (checking a code needs no rules)
     */
    public VoucherService(VoucherStore store, Supplier<ProgrammeRules> rules, ProviderStore providers,
                          Supplier<VoucherCodes> codes, Supplier<VoucherTokens> tokens, Clock clock) {
        this(store, rules, providers, codes, tokens, clock, ParentPlaces.NONE);
    }

    /** @param places the department of a parent's postal code, for the coordination's figures */
    public VoucherService(VoucherStore store, Supplier<ProgrammeRules> rules, ProviderStore providers,
                          Supplier<VoucherCodes> codes, Supplier<VoucherTokens> tokens, Clock clock, ParentPlaces places) {
        this.places = places;
        this.store = store;
        this.rules = rules;
        this.providers = providers;
        this.codes = codes;
        this.tokens = tokens;
        this.clock = clock;
    }

    public LocalDate today() {
        return clock.instant().atZone(ProgrammeRules.ZONE).toLocalDate();
    }

    /** Mints one voucher per session; refused past the quota of the rules in force. */
    public List<Voucher> mint(Caller parent, MintRequest request) {
        LocalDate today = today();
        RuleVersion version = rules.get().inForceOn(today).orElseThrow(() -> new Rejection(Rejection.Kind.CONFLICT,
                "programme-not-started", "Programme pas encore ouvert", "Aucune règle n'est en vigueur aujourd'hui.", List.of()));
        List<Rejection.Pointer> problems = new ArrayList<>();
        Service service = request.service() == null ? null : Service.fromCode(request.service()).orElse(null);
        if (service == null) {
            problems.add(body("service", "Service : psychologist, family-mediator, lawyer ou social-worker."));
        }
        int sessions = request.sessions() == null ? 1 : request.sessions();
        if (sessions < 1 || sessions > version.sessionsPerService()) {
            problems.add(body("sessions", "De 1 à " + version.sessionsPerService() + " séances."));
        }
        IncomeTier tier = request.incomeTier() == null ? null : version.tier(request.incomeTier()).orElse(null);
        if (tier == null) {
            problems.add(body("incomeTier", "Tranche de revenus : " + String.join(", ",
                    version.tiers().stream().map(t -> t.code() + " (" + t.label() + ")").toList()) + "."));
        }
        String postalCode = request.postalCode() == null || request.postalCode().isBlank() ? null : request.postalCode().strip();
        ParentPlaces.ParentPlace parentPlace = null;
        if (postalCode != null) {
            parentPlace = postalCode.matches("\\d{5}|[1-9]\\d{3}") ? places.place(postalCode).orElse(null) : null;
            if (parentPlace == null) {
                problems.add(body("postalCode", "Code postal inconnu : cinq chiffres en France, quatre en Belgique."));
            }
        }
        if (!problems.isEmpty()) {
            throw new Rejection(Rejection.Kind.INVALID, "invalid-voucher-request", "Demande à corriger",
                    problems.get(0).detail(), problems);
        }
        Provider provider = null;
        if (request.providerId() != null && !request.providerId().isBlank()) {
            provider = providers.find(request.providerId()).filter(Provider::listed)
                    .filter(p -> p.application().profession() == service.profession())
                    .orElseThrow(() -> new Rejection(Rejection.Kind.UNPROCESSABLE, "provider-unavailable",
                            "Professionnel indisponible", "Ce professionnel n'est pas (ou plus) agréé pour ce service : "
                            + "choisissez-en un autre, ou aucun.", List.of(body("providerId", "Professionnel indisponible."))));
        }
        // No read of the quota first: the mint's transaction is conditioned on it (race-free), and
        // a refusal reads it once to say how many sessions are left.
        LocalDate expiresOn = today.plusMonths(version.validityMonths());
        String department = parentPlace != null ? parentPlace.department()
                : provider == null ? null : provider.application().address().areaCode();
        GeoPoint parentLocation = parentPlace == null ? null : parentPlace.location();
        Instant now = clock.instant();
        for (int attempt = 1; ; attempt++) {
            List<Voucher> vouchers = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                long serial = random.nextLong() & VoucherCode.MAX_SERIAL;
                String providerId = provider == null ? null : provider.id();
                VoucherCode code = codes.get().issue(service, serial, providerId, expiresOn, version.sequence());
                vouchers.add(new Voucher(code.id(), code.format(), tokens.get().issue(code, providerId), service, providerId,
                        provider == null ? null : provider.application().displayName(), parent.subject(), version.sequence(),
                        now, expiresOn, VoucherStatus.ISSUED, now, tier.code(), tier.coPaymentCents(), version.tariff(service),
                        department, postalCode, parentLocation));
            }
            try {
                store.mint(parent.subject(), service, vouchers, version.sessionsPerService());
                return vouchers;
            } catch (VoucherStore.Retry retry) {
                if (attempt >= MINT_ATTEMPTS) {
                    throw new Rejection(Rejection.Kind.CONFLICT, "busy", "Demande simultanée",
                            "D'autres demandes sont en cours pour ce service : réessayez dans un instant.", List.of());
                }
                pause(attempt);
            } catch (Rejection quota) {
                if (quota.type().equals("quota-exhausted")) {
                    throw quotaExhausted(service, version, store.used(parent.subject(), service));
                }
                throw quota;
            }
        }
    }

    private static Rejection quotaExhausted(Service service, RuleVersion version, int used) {
        int left = Math.max(0, version.sessionsPerService() - used);
        return new Rejection(Rejection.Kind.CONFLICT, "quota-exhausted", "Plus de séances disponibles",
                left == 0 ? "Vous avez déjà reçu les " + version.sessionsPerService() + " séances prévues pour ce service ("
                        + service.label().toLowerCase() + ")."
                        : "Il ne vous reste que " + left + " séance(s) pour ce service.", List.of(body("sessions", "Quota atteint.")));
    }

    /** Spreads retries of colliding mints apart. */
    private void pause(int attempt) {
        try {
            Thread.sleep(random.nextInt(5 + attempt * 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<Voucher> wallet(Caller parent) {
        return store.ofParent(parent.subject());
    }

    /** A parent's own voucher; someone else's is as unknown as a missing one. */
    public Voucher own(Caller parent, String id) {
        return store.find(id).filter(v -> v.parentId().equals(parent.subject())).orElseThrow(() -> Rejection.notFound(
                "unknown-voucher", "Bon introuvable", "Aucun de vos bons ne porte cet identifiant."));
    }

    public Voucher giveBack(Caller parent, String id) {
        Voucher voucher = own(parent, id);
        if (voucher.status() != VoucherStatus.ISSUED || voucher.expired(today())) {
            throw new Rejection(Rejection.Kind.CONFLICT, "not-returnable", "Bon non restituable",
                    "Seul un bon encore valable et non utilisé peut être rendu.", List.of());
        }
        Instant now = clock.instant();
        store.giveBack(voucher, now);
        return voucher.withStatus(VoucherStatus.RETURNED, now);
    }

    public int remaining(Caller parent, Service service) {
        RuleBook book = rules.get().ruleBook();
        RuleVersion version = book.inForceOn(today()).orElse(book.last());
        return Math.max(0, version.sessionsPerService() - store.used(parent.subject(), service));
    }

    /** The approved provider behind a provider's account; others may not check or redeem codes. */
    public Provider approvedProvider(Caller caller) {
        return providers.findByAccount(caller.subject()).filter(Provider::listed).orElseThrow(VoucherService::notApproved);
    }

    public static Rejection notApproved() {
        return new Rejection(Rejection.Kind.FORBIDDEN, "provider-not-approved", "Prestataire non agréé",
                "Seul un professionnel agréé du programme peut vérifier ou encaisser un bon.", List.of());
    }

    /** A provider checks a code typed or scanned at their desk. */
    public Verification verify(Caller caller, String typed) {
        Provider provider = approvedProvider(caller);
        Instant now = clock.instant();
        if (!store.countVerification(provider.id(), now, VERIFICATIONS_PER_MINUTE)) {
            throw Rejection.tooManyRequests("too-many-verifications", "Trop de vérifications",
                    "Plus de " + VERIFICATIONS_PER_MINUTE + " vérifications en une minute : patientez un instant.",
                    untilNextMinute(now));
        }
        return check(provider, typed).verification();
    }

    /**
     * Counts a declaration (single or batch) of a provider before anything of it is stored: each
     * costs an idempotency record, so a provider (or whoever holds their account) trying codes at
     * random is held to {@value #DECLARATIONS_PER_MINUTE} a minute, as verification is.
     */
    public void admitDeclaration(Provider provider) {
        Instant now = clock.instant();
        if (!store.countDeclaration(provider.id(), now, DECLARATIONS_PER_MINUTE)) {
            throw Rejection.tooManyRequests("too-many-declarations", "Trop de déclarations",
                    "Plus de " + DECLARATIONS_PER_MINUTE + " déclarations en une minute : patientez un instant, "
                            + "ou envoyez-les en un lot.", untilNextMinute(now));
        }
    }

    /** The counters are per minute of the clock: the next one starts at the next whole minute. */
    private static java.time.Duration untilNextMinute(Instant now) {
        return java.time.Duration.ofSeconds(60 - now.getEpochSecond() % 60);
    }

    /** A code checked for a provider, and the voucher behind it when there is one. */
    public record Checked(Verification verification, Optional<Voucher> voucher) {
    }

    /** The checks a provider's code goes through, shared by verification and redemption. */
    public Checked check(Provider provider, String typed) {
        Optional<String> entered = tokens.get().codeFrom(typed);
        if (entered.isEmpty()) {
            return new Checked(Verification.unknown(), Optional.empty());
        }
        VoucherCode.Reading reading = VoucherCode.read(entered.get());
        if (reading instanceof VoucherCode.Reading.Incomplete incomplete) {
            throw incompleteCode("#/code", incomplete.missing());
        }
        if (reading instanceof VoucherCode.Reading.Mistyped) {
            return new Checked(Verification.typo(), Optional.empty());
        }
        if (!(reading instanceof VoucherCode.Reading.Read read)) {
            return new Checked(Verification.unknown(), Optional.empty());
        }
        VoucherCode code = read.code();
        if (code.service().profession() != provider.application().profession()) {
            return new Checked(Verification.unknown(), Optional.empty());
        }
        VoucherCodes.Verdict verdict = codes.get().verify(code, provider.id(), today());
        if (verdict == VoucherCodes.Verdict.NOT_FOR_YOU) {
            return new Checked(Verification.unknown(), Optional.empty());
        }
        Optional<Voucher> stored = store.find(code.id()).filter(v -> v.code().equals(code.format()));
        if (stored.isEmpty()) {
            return new Checked(Verification.unknown(), Optional.empty());
        }
        Voucher v = stored.get();
        if (verdict == VoucherCodes.Verdict.EXPIRED) {
            return new Checked(new Verification(false, "expired", v.service().code(), v.expiresOn(), null), stored);
        }
        return switch (v.status()) {
            case ISSUED -> new Checked(new Verification(true, null, v.service().code(), v.expiresOn(), v.coPaymentCents()), stored);
            case REDEEMED -> new Checked(new Verification(false, "redeemed", v.service().code(), v.expiresOn(), null), stored);
            case RETURNED -> new Checked(new Verification(false, "returned", v.service().code(), v.expiresOn(), null), stored);
        };
    }

    /**
     * A code cut short: said as such (which field, how many symbols are missing) rather than as
     * an unknown code, since a code's length is no secret.
     *
     * @param pointer where the code sits in the request body
     */
    public static Rejection incompleteCode(String pointer, int missing) {
        String detail = "Le code est incomplet : il " + (missing == 1 ? "manque 1 caractère" : "manque " + missing + " caractères")
                + ". Un code compte 3 lettres puis 27 chiffres et lettres, par exemple " + VoucherCode.EXAMPLE + ".";
        return new Rejection(Rejection.Kind.INVALID, "incomplete-code", "Code incomplet", detail,
                List.of(new Rejection.Pointer(Rejection.Pointer.Location.BODY, pointer, detail)));
    }

    private static Rejection.Pointer body(String field, String detail) {
        return new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/" + field, detail);
    }
}
