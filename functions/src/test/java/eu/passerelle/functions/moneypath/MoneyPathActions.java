package eu.passerelle.functions.moneypath;

import eu.passerelle.Rejection;
import eu.passerelle.evaluation.Counter;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;
import eu.passerelle.providers.Decision;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderStatus;
import eu.passerelle.redemption.Redemption;
import eu.passerelle.redemption.RedemptionForm;
import eu.passerelle.redemption.RedemptionMessage;
import eu.passerelle.redemption.RedemptionService;
import eu.passerelle.redemption.RedemptionStatus;
import eu.passerelle.redemption.RedemptionStore;
import eu.passerelle.reimbursement.Run;
import eu.passerelle.reimbursement.Statement;
import eu.passerelle.reimbursement.Watermark;
import eu.passerelle.vouchers.MintRequest;
import eu.passerelle.vouchers.RuleDraft;
import eu.passerelle.vouchers.Service;
import eu.passerelle.vouchers.Voucher;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.stateful.Action;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static eu.passerelle.functions.moneypath.MoneyPath.check;
import static eu.passerelle.functions.moneypath.MoneyPath.outcome;

/**
 * The actions of the money path, each a small record whose {@code toString} reads as a step of a
 * scenario (jqwik prints the shrunk sequence with them). Parameters are indexes, taken modulo
 * what exists when the action runs, so that any sequence is runnable and shrinks well.
 */
final class MoneyPathActions {

    private MoneyPathActions() {
    }

    /**
     * Parents' postal codes: departments 75, 93, 69 and 13, or none (the voucher then counts in
     * its provider's department, or as unknown).
     */
    static final List<String> POSTAL_CODES = java.util.Arrays.asList("75011", "93100", "69003", "13001", null);

    static Arbitrary<Action<MoneyPath>> actions() {
        Arbitrary<Integer> provider = Arbitraries.integers().between(0, 2);
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 40);
        return Arbitraries.frequencyOf(
                Tuple.of(3, provider.map(Approve::new)),
                Tuple.of(2, provider.map(Suspend::new)),
                Tuple.of(2, provider.map(Reinstate::new)),
                Tuple.of(2, Combinators.combine(Arbitraries.integers().between(1, 20), Arbitraries.longs().between(3000, 9000),
                        Arbitraries.integers().between(1, 6), Arbitraries.integers().between(1, 3), Arbitraries.of(true, false))
                        .as(Publish::new)),
                Tuple.of(10, Combinators.combine(Arbitraries.integers().between(0, 3),
                        Arbitraries.frequency(Tuple.of(3, Service.PSYCHOLOGIST), Tuple.of(2, Service.FAMILY_MEDIATOR),
                                Tuple.of(1, Service.LAWYER)),
                        Arbitraries.frequency(Tuple.of(4, 1), Tuple.of(3, 2), Tuple.of(2, 3), Tuple.of(1, 5), Tuple.of(1, 6)),
                        Arbitraries.frequency(Tuple.of(3, "A"), Tuple.of(3, "B"), Tuple.of(1, "C")),
                        Arbitraries.integers().between(0, POSTAL_CODES.size() - 1),
                        Arbitraries.frequency(Tuple.of(12, -1), Tuple.of(1, 0), Tuple.of(1, 1), Tuple.of(1, 2))).as(Mint::new)),
                Tuple.of(14, Combinators.combine(provider, pick, Arbitraries.frequency(Tuple.of(4, SessionDay.TODAY),
                                        Tuple.of(4, SessionDay.DAYS_AGO), Tuple.of(1, SessionDay.LAST_VALID_DAY),
                                        Tuple.of(1, SessionDay.BEFORE_ISSUE), Tuple.of(1, SessionDay.AFTER_EXPIRY),
                                        Tuple.of(1, SessionDay.TOMORROW)),
                                Arbitraries.integers().between(1, 10), Arbitraries.of(true, false),
                                Arbitraries.frequency(Tuple.of(1, true), Tuple.of(5, false)))
                        .as(Redeem::new)),
                Tuple.of(3, Combinators.combine(provider, pick.list().ofMinSize(2).ofMaxSize(6)).as(RedeemBatch::new)),
                Tuple.of(2, Combinators.combine(provider, provider, pick, Arbitraries.integers().between(2, 4))
                        .as(RedeemConcurrently::new)),
                Tuple.of(10, Combinators.combine(Arbitraries.of(Delivery.values()), Arbitraries.integers().between(1, 12))
                        .as(Deliver::new)),
                Tuple.of(2, Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.of(FaultyWrites.When.values()))
                        .as(DeliverAndCrash::new)),
                Tuple.of(4, Combinators.combine(provider, pick).as(Cancel::new)),
                Tuple.of(3, Combinators.combine(pick, Arbitraries.of(true, false)).as(GiveBack::new)),
                Tuple.of(3, Arbitraries.just(new Expire())),
                Tuple.of(5, Arbitraries.of(true, false).map(RunReimbursement::new)),
                Tuple.of(2, Combinators.combine(Arbitraries.integers().between(1, 8), Arbitraries.of(FaultyWrites.When.values()))
                        .as(CrashRun::new)),
                Tuple.of(2, Arbitraries.just(new TwoRunsAtOnce())),
                Tuple.of(1, Arbitraries.of(true, false).map(QueueOutage::new)),
                Tuple.of(1, Arbitraries.just(new Sweep())),
                Tuple.of(3, Combinators.combine(provider, Arbitraries.integers().between(0, IBANS.size() - 1),
                        Arbitraries.frequency(Tuple.of(3, false), Tuple.of(1, true))).as(ChangeBankDetails::new)),
                Tuple.of(3, Combinators.combine(provider, Arbitraries.frequency(Tuple.of(3, true), Tuple.of(1, false)))
                        .as(ReviewBankChange::new)),
                Tuple.of(10, Combinators.combine(Arbitraries.frequency(Tuple.of(2, Step.MINUTES), Tuple.of(2, Step.HOURS),
                                Tuple.of(3, Step.DAYS), Tuple.of(4, Step.WEEKS)), Arbitraries.integers().between(1, 12))
                        .as(AdvanceClock::new)));
    }

    // ------------------------------------------------------------------ providers and rules

    record Approve(int provider) implements Action<MoneyPath> {
        @Override
        public MoneyPath run(MoneyPath m) {
            decide(m, provider, Decision.APPROVE, null);
            return m;
        }

        @Override
        public String toString() {
            return "approve P" + provider;
        }
    }

    record Suspend(int provider) implements Action<MoneyPath> {
        @Override
        public MoneyPath run(MoneyPath m) {
            decide(m, provider, Decision.SUSPEND, "Contrôle en cours");
            return m;
        }

        @Override
        public String toString() {
            return "suspend P" + provider;
        }
    }

    record Reinstate(int provider) implements Action<MoneyPath> {
        @Override
        public MoneyPath run(MoneyPath m) {
            decide(m, provider, Decision.REINSTATE, null);
            return m;
        }

        @Override
        public String toString() {
            return "reinstate P" + provider;
        }
    }

    private static final Caller AGENT = new Caller("agent-model", Set.of(Role.AGENT), null);

    static void decide(MoneyPath m, int index, Decision decision, String reason) {
        MoneyPath.MProvider p = m.providers.get(index);
        ProviderStatus from = switch (decision) {
            case APPROVE, REJECT -> ProviderStatus.SUBMITTED;
            case SUSPEND -> ProviderStatus.APPROVED;
            case REINSTATE -> ProviderStatus.SUSPENDED;
        };
        ProviderStatus to = switch (decision) {
            case APPROVE, REINSTATE -> ProviderStatus.APPROVED;
            case REJECT -> ProviderStatus.REJECTED;
            case SUSPEND -> ProviderStatus.SUSPENDED;
        };
        String got = outcome(() -> m.providerService.decide(AGENT, p.id, decision, reason));
        String expected = p.status == from ? "ok" : "invalid-transition";
        check(got.equals(expected), "%s of a %s provider answers %s (got %s)", decision, p.status, expected, got);
        MoneyPath.happened(decision.code() + ": " + got);
        if (got.equals("ok")) {
            boolean wasListed = p.status == ProviderStatus.APPROVED;
            p.status = to;
            if (decision == Decision.APPROVE && p.reviewedIban == null) {
                p.reviewedIban = p.declaredIban; // the agent saw the record, its account with it
            }
            if (wasListed != (to == ProviderStatus.APPROVED)) {
                m.count(p.department, MoneyPath.month(m.clock.instant()), p.service, Counter.PROVIDERS_DELTA, wasListed ? -1 : 1);
            }
        }
    }

    /** An agent publishes a version starting {@code daysAhead} days from today: a tariff change mid-period. */
    record Publish(int daysAhead, long psychologistTariff, int sessions, int validityMonths, boolean threeTiers)
            implements Action<MoneyPath> {
        @Override
        public MoneyPath run(MoneyPath m) {
            LocalDate from = m.today().plusDays(daysAhead);
            Map<String, Long> tariffs = new LinkedHashMap<>();
            tariffs.put("psychologist", psychologistTariff);
            tariffs.put("family-mediator", psychologistTariff + 1000);
            tariffs.put("lawyer", 8000L);
            tariffs.put("social-worker", 4000L);
            List<RuleDraft.TierDraft> tiers = threeTiers
                    ? List.of(new RuleDraft.TierDraft("A", "Moins de 1 000 €", 1000, 0L),
                    new RuleDraft.TierDraft("B", "De 1 000 à 2 000 €", 2000, 600L),
                    new RuleDraft.TierDraft("C", "2 000 € ou plus", null, 1200L))
                    : List.of(new RuleDraft.TierDraft("A", "Moins de 1 000 €", 1000, 0L),
                    new RuleDraft.TierDraft("B", "1 000 € ou plus", null, 800L));
            MoneyPath.MVersion last = m.versions.get(m.versions.size() - 1);
            boolean valid = from.isAfter(last.from());
            String got = outcome(() -> m.rules.publish(AGENT, new RuleDraft(from.toString(), sessions, validityMonths, tariffs, tiers)));
            check(got.equals(valid ? "ok" : "invalid-rules"), "publishing rules from %s answers %s", from, got);
            if (valid) {
                Map<Service, Long> t = new java.util.EnumMap<>(Service.class);
                tariffs.forEach((code, cents) -> t.put(Service.fromCode(code).orElseThrow(), cents));
                Map<String, Long> co = new LinkedHashMap<>();
                tiers.forEach(d -> co.put(d.code(), d.coPaymentCents()));
                m.versions.add(new MoneyPath.MVersion(last.sequence() + 1, from, sessions, validityMonths, t, co));
            }
            return m;
        }

        @Override
        public String toString() {
            return "publish rules from today+" + daysAhead + "d (psychologist " + psychologistTariff + "c, " + sessions
                    + " sessions, valid " + validityMonths + " months, " + (threeTiers ? "tiers A/B/C" : "tiers A/B") + ")";
        }
    }

    /** Accounts providers declare (valid SEPA IBANs, with a BIC of their country). */
    static final List<List<String>> IBANS = List.of(List.of("FR7630006000011234567890189", "AGRIFRPP"),
            List.of("FR1420041010050500013M02606", "PSSTFRPP"), List.of("DE89370400440532013000", "COBADEFFXXX"),
            List.of("BE68539007547034", "GEBABEBB"));

    /** A provider declares a new bank account, saying or not that the reviewed one is closed. */
    record ChangeBankDetails(int provider, int iban, boolean previousClosed) implements Action<MoneyPath> {
        @Override
        public MoneyPath run(MoneyPath m) {
            MoneyPath.MProvider p = m.providers.get(provider);
            String newIban = IBANS.get(iban).get(0);
            var form = eu.passerelle.providers.Forms.withBank(p.form, newIban, IBANS.get(iban).get(1));
            form = new eu.passerelle.providers.ApplicationForm(form.displayName(), form.profession(), form.credential(),
                    form.address(), form.area(), form.languages(), form.remoteSessions(), form.wheelchairAccessible(),
                    form.contact(), new eu.passerelle.providers.ApplicationForm.BankAccountForm(newIban, IBANS.get(iban).get(1),
                    previousClosed), form.charter());
            var submitted = form;
            String expected = p.status == ProviderStatus.SUSPENDED ? "suspended" : "ok";
            String got = outcome(() -> m.providerService.correct(p.account, submitted));
            check(got.equals(expected), "%s of a %s provider answers %s (got %s)", this, p.status, expected, got);
            MoneyPath.happened("change bank details: " + got);
            if (!got.equals("ok")) {
                return m;
            }
            p.declaredIban = newIban;
            if (p.reviewedIban == null) {
                return m; // reviewed with the whole record at its approval
            }
            if (newIban.equals(p.reviewedIban)) {
                p.pendingIban = null; // back to the reviewed account: nothing to review
                p.rejectedClosed = false;
            } else if (!(newIban.equals(p.pendingIban) && previousClosed == p.pendingClosed)) {
                p.pendingIban = newIban;
                p.pendingClosed = previousClosed;
                p.rejectedClosed = false;
            }
            Provider stored = m.providerService.find(p.id);
            check(stored.status() == p.status, "%s leaves the provider %s (it is %s)", this, p.status, stored.status());
            return m;
        }

        @Override
        public String toString() {
            return "P" + provider + " declares bank account " + IBANS.get(iban).get(0) + (previousClosed ? " (the old one closed)" : "");
        }
    }

    /** An agent approves or rejects a provider's pending change of bank account. */
    record ReviewBankChange(int provider, boolean approve) implements Action<MoneyPath> {
        @Override
        public MoneyPath run(MoneyPath m) {
            MoneyPath.MProvider p = m.providers.get(provider);
            String expected = p.pendingIban == null ? "no-pending-bank-change" : "ok";
            String got = outcome(() -> m.providerService.decideBankChange(AGENT, p.id,
                    approve ? eu.passerelle.providers.ProviderService.BankDecision.APPROVE
                            : eu.passerelle.providers.ProviderService.BankDecision.REJECT,
                    approve ? null : "IBAN au nom d'un tiers", p.pendingIban));
            check(got.equals(expected), "%s answers %s (got %s)", this, expected, got);
            MoneyPath.happened("review bank change " + (approve ? "approve" : "reject") + ": " + got);
            if (got.equals("ok")) {
                if (approve) {
                    p.reviewedIban = p.pendingIban;
                    p.rejectedClosed = false;
                } else {
                    p.rejectedClosed = p.pendingClosed;
                    p.declaredIban = p.reviewedIban;
                }
                p.pendingIban = null;
                p.pendingClosed = false;
            }
            return m;
        }

        @Override
        public String toString() {
            return "an agent " + (approve ? "approves" : "rejects") + " P" + provider + "'s new bank account";
        }
    }

    // ------------------------------------------------------------------ parents

    /**
     * A parent asks for vouchers.
     *
     * @param boundTo -1: no provider chosen; else the provider's index
     */
    record Mint(int parent, Service service, int sessions, String tier, int postalCode, int boundTo)
            implements Action<MoneyPath> {
        @Override
        public MoneyPath run(MoneyPath m) {
            String parentId = m.parents.get(parent);
            String postal = MoneyPathActions.mintPostalCode(postalCode);
            MoneyPath.MProvider bound = boundTo < 0 ? null : m.providers.get(boundTo);
            LocalDate today = m.today();
            MoneyPath.MVersion version = m.versionOn(today);
            String key = parentId + "|" + service;
            int held = m.used.getOrDefault(key, 0);
            String expected;
            if (sessions > version.sessions() || !version.tiers().containsKey(tier)) {
                expected = "invalid-voucher-request";
            } else if (bound != null && (bound.status != ProviderStatus.APPROVED || bound.service != service)) {
                expected = "provider-unavailable";
            } else if (held + sessions > version.sessions()) {
                expected = "quota-exhausted";
            } else {
                expected = "ok";
            }
            List<Voucher> minted = new ArrayList<>();
            Caller caller = new Caller(parentId, Set.of(Role.PARENT), null);
            String got = outcome(() -> minted.addAll(m.voucherService.mint(caller,
                    new MintRequest(service.code(), bound == null ? null : bound.id, sessions, tier, postal))));
            check(got.equals(expected), "%s answers %s (got %s; %s already held, %s allowed)", this, expected, got, held,
                    version.sessions());
            MoneyPath.happened("mint: " + got);
            if (!got.equals("ok")) {
                return m;
            }
            check(minted.size() == sessions, "%s gives %s vouchers", this, sessions);
            String department = postal != null ? MoneyPathActions.department(postal) : bound == null ? null : bound.department;
            long coPayment = version.tiers().get(tier);
            Instant now = m.clock.instant();
            for (Voucher v : minted) {
                MoneyPath.MVoucher mv = new MoneyPath.MVoucher();
                mv.id = v.id();
                mv.code = v.code();
                mv.token = v.token();
                mv.service = service;
                mv.parent = parentId;
                mv.boundTo = bound == null ? null : bound.id;
                mv.department = department;
                mv.issuedAt = now;
                mv.expiresOn = today.plusMonths(version.validityMonths());
                mv.ruleSequence = version.sequence();
                mv.tier = tier;
                mv.tariff = version.tariffs().get(service);
                mv.coPayment = coPayment;
                check(v.expiresOn().equals(mv.expiresOn) && v.ruleSequence() == mv.ruleSequence && v.tariffCents() == mv.tariff
                                && v.coPaymentCents() == mv.coPayment && Objects.equals(v.department(), department)
                                && Objects.equals(v.providerId(), mv.boundTo),
                        "voucher %s is minted as the rules in force say (%s)", v.id(), v);
                m.vouchers.add(mv);
                m.voucherById.put(mv.id, mv);
            }
            m.used.merge(key, sessions, Integer::sum);
            boolean first = m.helped.add(key);
            YearMonth month = MoneyPath.month(now);
            m.count(department, month, service, Counter.ISSUED, sessions);
            m.count(department, month, service, Counter.COMMITTED_CENTS,
                    sessions * eu.passerelle.evaluation.Evaluation.owed(version.tariffs().get(service), coPayment));
            if (first) {
                m.count(department, month, service, Counter.PARENTS_HELPED, 1);
            }
            return m;
        }

        @Override
        public String toString() {
            return "parent " + parent + " mints " + sessions + " " + service.code() + " tier " + tier + " postal code "
                    + mintPostalCode(postalCode) + (boundTo < 0 ? "" : " with P" + boundTo);
        }
    }

    static String mintPostalCode(int index) {
        return POSTAL_CODES.get(index);
    }

    static String department(String postalCode) {
        return postalCode.substring(0, 2);
    }

    /** A parent gives an unused voucher back (or tries another parent's). */
    record GiveBack(int voucher, boolean asItsParent) implements Action<MoneyPath> {
        @Override
        public boolean precondition(MoneyPath m) {
            return !m.vouchers.isEmpty();
        }

        @Override
        public MoneyPath run(MoneyPath m) {
            MoneyPath.MVoucher v = m.vouchers.get(voucher % m.vouchers.size());
            String parentId = asItsParent ? v.parent : m.parents.stream().filter(p -> !p.equals(v.parent)).findFirst().orElseThrow();
            String expected = !asItsParent ? "unknown-voucher"
                    : v.status.equals("ISSUED") && !m.today().isAfter(v.expiresOn) ? "ok" : "not-returnable";
            String got = outcome(() -> m.voucherService.giveBack(new Caller(parentId, Set.of(Role.PARENT), null), v.id));
            check(got.equals(expected), "%s of a %s voucher answers %s (got %s)", this, v.status, expected, got);
            MoneyPath.happened("give back: " + got);
            if (got.equals("ok")) {
                v.status = "RETURNED";
                m.used.merge(v.parent + "|" + v.service, -1, Integer::sum);
                YearMonth month = MoneyPath.month(m.clock.instant());
                m.count(v.department, month, v.service, Counter.RETURNED, 1);
                m.count(v.department, month, v.service, Counter.COMMITTED_CENTS, -v.owed());
            }
            return m;
        }

        @Override
        public String toString() {
            return "give back voucher #" + voucher + (asItsParent ? "" : " as another parent");
        }
    }

    /** The daily expiry job. */
    record Expire() implements Action<MoneyPath> {
        @Override
        public MoneyPath run(MoneyPath m) {
            LocalDate today = m.today();
            List<MoneyPath.MVoucher> due = m.vouchers.stream().filter(v -> v.status.equals("ISSUED") && !v.expiredCounted
                    && !v.expiresOn.isBefore(today.minusDays(eu.passerelle.vouchers.VoucherExpiry.LOOKBACK_DAYS))
                    && eu.passerelle.privacy.Retention.settledExpiry(v.expiresOn, today)).toList();
            int marked = m.expiry.run();
            check(marked == due.size(), "the expiry job marks %s vouchers expired (it marked %s)", due.size(), marked);
            MoneyPath.happened("expiry: " + (marked > 0 ? "some marked" : "none"));
            for (MoneyPath.MVoucher v : due) {
                v.expiredCounted = true;
                m.count(v.department, YearMonth.from(v.expiresOn), v.service, Counter.EXPIRED, 1);
                m.count(v.department, YearMonth.from(v.expiresOn), v.service, Counter.COMMITTED_CENTS, -v.owed());
            }
            return m;
        }

        @Override
        public String toString() {
            return "the expiry job runs";
        }
    }

    // ------------------------------------------------------------------ providers redeem

    /** Which day a provider declares the session held. */
    enum SessionDay { TODAY, DAYS_AGO, LAST_VALID_DAY, BEFORE_ISSUE, AFTER_EXPIRY, TOMORROW }

    static LocalDate sessionDate(MoneyPath m, MoneyPath.MVoucher v, SessionDay day, int daysAgo) {
        return switch (day) {
            case TODAY -> m.today();
            case DAYS_AGO -> m.today().minusDays(daysAgo);
            case LAST_VALID_DAY -> v.expiresOn;
            case BEFORE_ISSUE -> v.issuedOn().minusDays(1);
            case AFTER_EXPIRY -> v.expiresOn.plusDays(1);
            case TOMORROW -> m.today().plusDays(1);
        };
    }

    /**
     * One declaration, predicted from the model: the answer the provider gets at once, and the
     * redemption recorded (pending) when accepted.
     */
    static void declare(MoneyPath m, MoneyPath.MProvider p, MoneyPath.MVoucher v, LocalDate date, boolean byQr, String step) {
        LocalDate today = m.today();
        Optional<MoneyPath.MRedemption> current = m.redemptions.stream()
                .filter(r -> r.providerId.equals(p.id) && r.voucherId.equals(v.id)
                        && (r.status.equals("PENDING") || r.status.equals("APPLIED"))).findFirst();
        String expected;
        if (p.service != v.service) {
            expected = "voucher-not-valid";
        } else if (date.isAfter(today)) {
            expected = "session-in-future";
        } else if (v.boundTo != null && !v.boundTo.equals(p.id)) {
            expected = "voucher-not-valid";
        } else if (date.isAfter(v.expiresOn)) {
            expected = "session-after-expiry";
        } else if (date.isBefore(m.earliestIssue(v))) {
            expected = "session-before-issue";
        } else if (p.status != ProviderStatus.APPROVED) {
            expected = "not-approved";
        } else if (current.isPresent()) {
            // Issue 12 C5: a voucher already carrying this provider's session is refused with that session's
            // date; the same declaration again (pending, same day) is the same redemption.
            expected = current.get().status.equals("PENDING") && current.get().sessionDate.equals(date) ? "ok"
                    : "voucher-already-used";
        } else {
            expected = "ok";
        }
        Provider provider = m.providerService.find(p.id);
        Redemption[] accepted = new Redemption[1];
        String got;
        try {
            got = outcome(() -> accepted[0] = m.redemptionService.accept(provider,
                    new RedemptionForm(byQr ? v.token : v.code, date.toString(), null), "#/"));
        } catch (RedemptionStore.ProviderNotApproved e) {
            got = "not-approved";
        }
        boolean beforeIssue = date.isBefore(v.issuedOn());
        MoneyPath.happened("declare: " + got + (current.isPresent() ? " (again, " + current.get().status + ")" : ""));
        if (expected.equals("voucher-already-used")) {
            check(got.equals(expected), "%s: declaring again a voucher already declared (%s, %s) must be refused with "
                    + "%s, not answered 'séance enregistrée' (got %s)", step, current.get().id, current.get().status, expected, got);
        } else {
            check(got.equals(expected), "%s answers %s (got %s)", step, expected, got);
        }
        if (!got.equals("ok")) {
            return;
        }
        Redemption r = accepted[0];
        if (current.isPresent()) {
            check(r.id().equals(current.get().id), "%s answers the pending redemption %s again (got %s)", step,
                    current.get().id, r.id());
            return;
        }
        check(r.status() == RedemptionStatus.PENDING && !m.redemptionById.containsKey(r.id()), "%s records a new pending redemption", step);
        MoneyPath.MRedemption mr = new MoneyPath.MRedemption();
        mr.id = r.id();
        mr.providerId = p.id;
        mr.voucherId = v.id;
        mr.sessionDate = date;
        mr.createdAt = m.clock.instant();
        mr.doomed = beforeIssue;
        m.redemptions.add(mr);
        m.redemptionById.put(mr.id, mr);
    }

    /**
     * The {@code pick}th voucher of the provider's service (most declarations are of a voucher the
     * provider can take), or of any service.
     */
    static MoneyPath.MVoucher voucherFor(MoneyPath m, MoneyPath.MProvider p, int pick, boolean anyService) {
        List<MoneyPath.MVoucher> theirs = m.vouchers.stream().filter(v -> v.service == p.service).toList();
        List<MoneyPath.MVoucher> from = anyService || theirs.isEmpty() ? m.vouchers : theirs;
        return from.get(pick % from.size());
    }

    record Redeem(int provider, int voucher, SessionDay day, int daysAgo, boolean byQr, boolean anyService)
            implements Action<MoneyPath> {
        @Override
        public boolean precondition(MoneyPath m) {
            return !m.vouchers.isEmpty();
        }

        @Override
        public MoneyPath run(MoneyPath m) {
            MoneyPath.MVoucher v = voucherFor(m, m.providers.get(provider), voucher, anyService);
            declare(m, m.providers.get(provider), v, sessionDate(m, v, day, daysAgo), byQr, toString());
            return m;
        }

        @Override
        public String toString() {
            return "P" + provider + " declares " + (anyService ? "voucher #" : "their service's voucher #") + voucher + " on "
                    + (day == SessionDay.DAYS_AGO ? daysAgo + " days ago" : day.name().toLowerCase().replace('_', ' '))
                    + (byQr ? " (QR)" : "");
        }
    }

    /** A batch: one declaration after another, duplicates included, each with its own answer. */
    record RedeemBatch(int provider, List<Integer> vouchers) implements Action<MoneyPath> {
        @Override
        public boolean precondition(MoneyPath m) {
            return !m.vouchers.isEmpty();
        }

        @Override
        public MoneyPath run(MoneyPath m) {
            for (int i = 0; i < vouchers.size(); i++) {
                MoneyPath.MVoucher v = voucherFor(m, m.providers.get(provider), vouchers.get(i), false);
                declare(m, m.providers.get(provider), v, m.today(), false, this + " item " + i);
            }
            return m;
        }

        @Override
        public String toString() {
            return "P" + provider + " declares a batch of their service's vouchers " + vouchers.stream().map(i -> "#" + i).toList()
                    + " today";
        }
    }

    /** The same voucher declared at once, {@code copies} times by one provider and once by another. */
    record RedeemConcurrently(int provider, int other, int voucher, int copies) implements Action<MoneyPath> {
        @Override
        public boolean precondition(MoneyPath m) {
            return !m.vouchers.isEmpty();
        }

        @Override
        public MoneyPath run(MoneyPath m) throws RuntimeException {
            MoneyPath.MVoucher v = voucherFor(m, m.providers.get(provider), voucher, false);
            List<MoneyPath.MProvider> who = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                who.add(m.providers.get(provider));
            }
            who.add(m.providers.get(other));
            Map<String, Set<String>> ids = new HashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(who.size());
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (MoneyPath.MProvider p : who) {
                    Provider record = m.providerService.find(p.id);
                    answers.add(pool.submit(() -> {
                        try {
                            return m.redemptionService.accept(record, new RedemptionForm(v.code, m.today().toString(), null), "#/").id();
                        } catch (Rejection r) {
                            return "!" + r.type();
                        } catch (RedemptionStore.ProviderNotApproved e) {
                            return "!not-approved";
                        }
                    }));
                }
                for (int i = 0; i < who.size(); i++) {
                    String answer = answers.get(i).get();
                    ids.computeIfAbsent(who.get(i).id, k -> new HashSet<>()).add(answer);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                pool.shutdownNow();
            }
            // Whatever the interleaving: one redemption per provider and voucher; the model learns it from the store.
            for (Map.Entry<String, Set<String>> e : ids.entrySet()) {
                Set<String> accepted = new HashSet<>(e.getValue());
                accepted.removeIf(a -> a.startsWith("!"));
                check(accepted.size() <= 1, "%s: concurrent declarations of one voucher by %s are one redemption (got %s)",
                        this, e.getKey(), e.getValue());
                for (String id : accepted) {
                    if (!m.redemptionById.containsKey(id)) {
                        MoneyPath.MProvider p = m.provider(e.getKey());
                        check(p.service == v.service && (v.boundTo == null || v.boundTo.equals(p.id)), "%s: %s may declare it", this, p.id);
                        MoneyPath.MRedemption mr = new MoneyPath.MRedemption();
                        mr.id = id;
                        mr.providerId = p.id;
                        mr.voucherId = v.id;
                        mr.sessionDate = m.today();
                        mr.createdAt = m.clock.instant();
                        m.redemptions.add(mr);
                        m.redemptionById.put(id, mr);
                    }
                }
            }
            return m;
        }

        @Override
        public String toString() {
            return "P" + provider + " declares their service's voucher #" + voucher + " " + copies + " times at once, P" + other
                    + " once";
        }
    }

    // ------------------------------------------------------------------ the consumer

    enum Delivery { IN_ORDER, SHUFFLED_WITH_DUPLICATES, AT_ONCE }

    /** What the consumer should do with a message, from the model. */
    static String expectedApply(MoneyPath m, MoneyPath.MRedemption r) {
        if (!r.status.equals("PENDING")) {
            return "NOTHING_TO_DO";
        }
        MoneyPath.MVoucher v = m.voucherById.get(r.voucherId);
        if ((v.boundTo != null && !v.boundTo.equals(r.providerId)) || !v.status.equals("ISSUED")
                || r.sessionDate.isBefore(v.issuedOn()) || r.sessionDate.isAfter(v.expiresOn)) {
            return "REJECTED";
        }
        return "APPLIED";
    }

    /** Moves the model as the consumer did. */
    static void applied(MoneyPath m, MoneyPath.MRedemption r, String outcome) {
        MoneyPath.MVoucher v = m.voucherById.get(r.voucherId);
        if (outcome.equals("APPLIED")) {
            check(!r.doomed, "redemption %s of a session before its voucher's issue is never applied", r.id);
            r.status = "APPLIED";
            r.everApplied = true;
            v.status = "REDEEMED";
            v.redeemedBy = r.providerId;
            YearMonth month = YearMonth.from(r.sessionDate);
            m.count(v.department, month, v.service, Counter.REDEEMED, 1);
            m.count(v.department, month, v.service, Counter.COMMITTED_CENTS, -v.owed());
            if (v.expiredCounted) {
                // Held by its last day and declared after the expiry job counted it: used, not expired.
                v.expiredCounted = false;
                m.count(v.department, YearMonth.from(v.expiresOn), v.service, Counter.EXPIRED, -1);
                m.count(v.department, YearMonth.from(v.expiresOn), v.service, Counter.COMMITTED_CENTS, v.owed());
            }
        } else if (outcome.equals("REJECTED")) {
            r.status = "REJECTED";
        }
    }

    record Deliver(Delivery how, int max) implements Action<MoneyPath> {
        @Override
        public boolean precondition(MoneyPath m) {
            return !m.queue.isEmpty();
        }

        @Override
        public MoneyPath run(MoneyPath m) {
            List<RedemptionMessage> batch = new ArrayList<>(m.queue.subList(0, Math.min(max, m.queue.size())));
            if (how == Delivery.SHUFFLED_WITH_DUPLICATES) {
                List<RedemptionMessage> twice = new ArrayList<>(batch);
                twice.addAll(batch.subList(0, (batch.size() + 1) / 2));
                java.util.Collections.shuffle(twice, new java.util.Random(max));
                batch = twice;
            }
            if (how == Delivery.AT_ONCE) {
                deliverAtOnce(m, batch);
                return m;
            }
            for (RedemptionMessage message : batch) {
                MoneyPath.MRedemption r = m.redemptionById.get(message.redemptionId());
                String expected = expectedApply(m, r);
                RedemptionService.Applied got = m.redemptionService.apply(message);
                check(got.name().equals(expected), "%s: redemption %s applies as %s (got %s)", this, r.id, expected, got);
                MoneyPath.happened("apply: " + got);
                applied(m, r, expected);
                m.queue.remove(message);
            }
            return m;
        }

        /**
         * Messages applied at once, one thread each: one provider's ledger contended (issue 12 C4:
         * every one applies within its delivery), two providers racing for one voucher, the same
         * message twice.
         */
        private void deliverAtOnce(MoneyPath m, List<RedemptionMessage> batch) {
            List<RedemptionMessage> chosen = new ArrayList<>(batch);
            Map<String, String> expected = new HashMap<>();
            Map<String, Integer> wanted = new HashMap<>();
            for (RedemptionMessage msg : chosen) {
                if (expected.containsKey(msg.redemptionId())) {
                    continue;
                }
                String e = expectedApply(m, m.redemptionById.get(msg.redemptionId()));
                expected.put(msg.redemptionId(), e);
                if (e.equals("APPLIED")) {
                    wanted.merge(msg.voucherId(), 1, Integer::sum);
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(chosen.size());
            List<RedemptionService.Applied> got = new ArrayList<>();
            try {
                List<Callable<RedemptionService.Applied>> work = new ArrayList<>();
                chosen.forEach(msg -> work.add(() -> m.redemptionService.apply(msg)));
                for (Future<RedemptionService.Applied> f : pool.invokeAll(work)) {
                    got.add(f.get());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                pool.shutdownNow();
            }
            Map<String, Integer> appliedPerVoucher = new HashMap<>();
            Map<String, String> outcome = new HashMap<>();
            for (int i = 0; i < chosen.size(); i++) {
                RedemptionMessage msg = chosen.get(i);
                String e = expected.get(msg.redemptionId());
                String g = got.get(i).name();
                MoneyPath.happened("apply at once: " + g);
                // Two providers racing for one voucher: one applies, the other is rejected. The same
                // message twice: one delivery does the work, the other finds it done.
                boolean raced = wanted.getOrDefault(msg.voucherId(), 0) > 1 && e.equals("APPLIED") && g.equals("REJECTED");
                boolean twice = g.equals("NOTHING_TO_DO") && chosen.stream().filter(x -> x.redemptionId().equals(msg.redemptionId())).count() > 1;
                check(g.equals(e) || raced || twice, "%s: redemption %s applies as %s (got %s)", this, msg.redemptionId(), e, g);
                if (g.equals("APPLIED")) {
                    appliedPerVoucher.merge(msg.voucherId(), 1, Integer::sum);
                }
                if (!g.equals("NOTHING_TO_DO")) {
                    outcome.put(msg.redemptionId(), g);
                }
            }
            for (Map.Entry<String, Integer> w : wanted.entrySet()) {
                check(appliedPerVoucher.getOrDefault(w.getKey(), 0) == 1, "%s: voucher %s is redeemed exactly once", this, w.getKey());
            }
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String g = outcome.getOrDefault(e.getKey(), "NOTHING_TO_DO");
                check(!e.getValue().equals("NOTHING_TO_DO") || g.equals("NOTHING_TO_DO"), "%s: %s had nothing to do", this, e.getKey());
                check(e.getValue().equals("NOTHING_TO_DO") || !g.equals("NOTHING_TO_DO"), "%s: one delivery of %s did the work",
                        this, e.getKey());
                applied(m, m.redemptionById.get(e.getKey()), g);
            }
            chosen.forEach(m.queue::remove);
        }

        @Override
        public String toString() {
            return "the consumer applies up to " + max + " messages " + how.name().toLowerCase().replace('_', ' ');
        }
    }

    /** The consumer dies at its Nth write while applying the next message; the message comes back later. */
    record DeliverAndCrash(int nth, FaultyWrites.When when) implements Action<MoneyPath> {
        @Override
        public boolean precondition(MoneyPath m) {
            return !m.queue.isEmpty();
        }

        @Override
        public MoneyPath run(MoneyPath m) {
            RedemptionMessage message = m.queue.get(0);
            MoneyPath.MRedemption r = m.redemptionById.get(message.redemptionId());
            String expected = expectedApply(m, r);
            m.faults.arm(nth, when);
            try {
                RedemptionService.Applied got = m.crashingRedemptions.apply(message);
                check(got.name().equals(expected), "%s: redemption %s applies as %s (got %s)", this, r.id, expected, got);
                applied(m, r, expected);
                m.queue.remove(message);
            } catch (RuntimeException e) {
                check(FaultyWrites.isCrash(e), "%s: only the injected crash interrupts the consumer (got %s)", this, e);
                MoneyPath.happened("consumer crashed " + when);
                if (when == FaultyWrites.When.AFTER_IT_LANDED) {
                    applied(m, r, expected); // its one write landed before the process died
                }
            } finally {
                m.faults.disarm();
            }
            return m;
        }

        @Override
        public String toString() {
            return "the consumer dies " + (when == FaultyWrites.When.BEFORE_IT_LANDS ? "before" : "after") + " its write #" + nth
                    + " applying the next message";
        }
    }

    record QueueOutage(boolean down) implements Action<MoneyPath> {
        @Override
        public MoneyPath run(MoneyPath m) {
            m.queueDown.set(down);
            return m;
        }

        @Override
        public String toString() {
            return down ? "the redemption queue becomes unreachable" : "the redemption queue is back";
        }
    }

    /** The sweeper queues again what stayed pending for 5 minutes. */
    record Sweep() implements Action<MoneyPath> {
        @Override
        public MoneyPath run(MoneyPath m) {
            if (m.queueDown.get()) {
                return m;
            }
            Instant before = m.clock.instant().minus(Duration.ofMinutes(5));
            long stale = m.redemptions.stream().filter(r -> r.status.equals("PENDING") && r.createdAt.isBefore(before)).count();
            int queued = m.redemptionService.requeueStale(Duration.ofMinutes(5));
            check(queued == stale, "the sweeper queues the %s redemptions pending for 5 minutes (it queued %s)", stale, queued);
            MoneyPath.happened("sweep: " + (queued > 0 ? "queued some" : "nothing"));
            return m;
        }

        @Override
        public String toString() {
            return "the sweeper runs";
        }
    }

    /** A provider cancels one of the redemptions (or tries another provider's). */
    record Cancel(int provider, int redemption) implements Action<MoneyPath> {
        @Override
        public boolean precondition(MoneyPath m) {
            return !m.redemptions.isEmpty();
        }

        @Override
        public MoneyPath run(MoneyPath m) {
            MoneyPath.MRedemption r = m.redemptions.get(redemption % m.redemptions.size());
            MoneyPath.MProvider p = m.providers.get(provider);
            String expected;
            if (!r.providerId.equals(p.id)) {
                expected = "unknown-redemption";
            } else if (r.status.equals("CANCELLED") || r.status.equals("REJECTED")) {
                expected = "not-cancellable";
            } else if (m.clock.instant().isAfter(r.createdAt.plus(MoneyPath.CANCELLATION_WINDOW))) {
                expected = "cancellation-window-over";
            } else {
                expected = "ok";
            }
            Provider record = m.providerService.find(p.id);
            String got = outcome(() -> m.redemptionService.cancel(record, r.id));
            check(got.equals(expected), "%s of a %s redemption answers %s (got %s)", this, r.status, expected, got);
            MoneyPath.happened("cancel " + r.status + ": " + got);
            if (got.equals("ok")) {
                MoneyPath.MVoucher v = m.voucherById.get(r.voucherId);
                if (r.status.equals("APPLIED")) {
                    r.cancelledAfterApplied = true;
                    v.status = "ISSUED";
                    v.redeemedBy = null;
                    YearMonth month = YearMonth.from(r.sessionDate);
                    m.count(v.department, month, v.service, Counter.REDEEMED, -1);
                    m.count(v.department, month, v.service, Counter.COMMITTED_CENTS, v.owed());
                }
                r.status = "CANCELLED";
            }
            return m;
        }

        @Override
        public String toString() {
            return "P" + provider + " cancels redemption #" + redemption;
        }
    }

    // ------------------------------------------------------------------ reimbursement runs

    /** Runs interrupted by a crash come back (their queue message), and are executed to the end. */
    static void resumeInterrupted(MoneyPath m) {
        for (MoneyPath.MRun run : m.runsById.values()) {
            if (run.interrupted) {
                execute(m, run.id);
                run.interrupted = false;
            }
        }
    }

    /** A run's execution, which must end it: completed, or blocked with a reason an agent reads. */
    static void execute(MoneyPath m, String runId) {
        try {
            m.runs.execute(runId, m.clock.instant().plusSeconds(720));
        } catch (RuntimeException e) {
            throw new AssertionError("Invariant broken: run " + runId + " terminates, completed or blocked with a reason "
                    + "(its execution failed: " + e + "); it stays running and refuses the next run", e);
        }
    }

    /** Run ids come from their start time (to the second): each start is a moment of its own. */
    static void nextSecond(MoneyPath m) {
        m.clock.advance(Duration.ofSeconds(2));
    }

    static void started(MoneyPath m, Run run) {
        m.runsById.putIfAbsent(run.id(), new MoneyPath.MRun(run.id()));
    }

    /** An agent (or the schedule) starts a run, and it executes to the end. */
    record RunReimbursement(boolean byAgent) implements Action<MoneyPath> {
        @Override
        public MoneyPath run(MoneyPath m) {
            resumeInterrupted(m);
            nextSecond(m);
            Run run;
            if (byAgent) {
                Run[] r = new Run[1];
                String got = outcome(() -> r[0] = m.runs.startOnDemand("agent-model"));
                check(got.equals("ok"), "an agent starts a run when every run before has ended (got %s)", got);
                run = r[0];
            } else {
                run = m.runs.startScheduled(m.clock.instant());
            }
            started(m, run);
            execute(m, run.id());
            Run done = m.runs.run(run.id());
            check(done.finished(), "run %s terminates (it is %s)", run.id(), done.status());
            MoneyPath.happened("run " + done.status() + (done.transfers() > 0 ? " with transfers" : " without transfers")
                    + (done.providersDone() > 1 ? ", several statements" : ""));
            checkEverythingDueIsSettled(m, done);
            return m;
        }

        @Override
        public String toString() {
            return byAgent ? "an agent starts a run" : "the weekly schedule starts a run";
        }
    }

    /**
     * After a run with nothing else running: each provider's ledger is settled to its head, unless
     * its statement reached the cells one statement may pay into (the rest waits for the next run).
     */
    static void checkEverythingDueIsSettled(MoneyPath m, Run run) {
        for (MoneyPath.MProvider p : m.providers) {
            long head = m.redemptionStore.ledgerHead(p.id);
            Watermark w = m.reimbursementStore.watermarks(List.of(p.id)).getOrDefault(p.id, Watermark.NONE);
            if (w.settledThrough() < head && !p.held()) {
                Optional<Statement> s = m.reimbursementStore.statement(run.id(), p.id);
                long cells = s.map(st -> st.paidByCell().size()).orElse(0);
                check(cells == Statement.MAX_PAID_CELLS, "run %s settles %s's ledger to its head %s (it stopped at %s)", run.id(),
                        p.id, head, w.settledThrough());
            }
        }
    }

    /** A run dies at its Nth write; it stays running until its message comes back. */
    record CrashRun(int nth, FaultyWrites.When when) implements Action<MoneyPath> {
        @Override
        public MoneyPath run(MoneyPath m) {
            resumeInterrupted(m);
            nextSecond(m);
            Run run = m.runs.startScheduled(m.clock.instant());
            started(m, run);
            m.faults.arm(nth, when);
            try {
                m.crashingRuns.execute(run.id(), m.clock.instant().plusSeconds(720));
                check(m.runs.run(run.id()).finished(), "run %s terminates", run.id());
            } catch (RuntimeException e) {
                check(FaultyWrites.isCrash(e), "%s: only the injected crash interrupts the run (got %s)", this, e);
                MoneyPath.happened("run crashed");
                m.runsById.get(run.id()).interrupted = !m.runs.run(run.id()).finished();
            } finally {
                m.faults.disarm();
            }
            return m;
        }

        @Override
        public String toString() {
            return "a run dies " + (when == FaultyWrites.When.BEFORE_IT_LANDS ? "before" : "after") + " its write #" + nth;
        }
    }

    /** Two runs at once, and one of them executed twice at once (a redelivered message). */
    record TwoRunsAtOnce() implements Action<MoneyPath> {
        @Override
        public MoneyPath run(MoneyPath m) {
            resumeInterrupted(m);
            nextSecond(m);
            Run first = m.runs.startScheduled(m.clock.instant());
            Run second = m.runs.startScheduled(m.clock.instant().minusSeconds(1));
            started(m, first);
            started(m, second);
            Instant deadline = m.clock.instant().plusSeconds(720);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Callable<ReimbursementRunsProgress>> work = List.of(
                        () -> new ReimbursementRunsProgress(m.runs.execute(first.id(), deadline)),
                        () -> new ReimbursementRunsProgress(m.runs.execute(second.id(), deadline)),
                        () -> new ReimbursementRunsProgress(m.runs.execute(first.id(), deadline)));
                for (Future<ReimbursementRunsProgress> f : pool.invokeAll(work)) {
                    f.get();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError("Invariant broken: two runs at once both terminate (one threw " + e.getCause() + ")",
                        e.getCause());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                pool.shutdownNow();
            }
            check(m.runs.run(first.id()).finished() && m.runs.run(second.id()).finished(), "two runs at once both terminate");
            return m;
        }

        @Override
        public String toString() {
            return "two runs at once (one of them executed twice at once)";
        }
    }

    record ReimbursementRunsProgress(eu.passerelle.reimbursement.ReimbursementRuns.Progress progress) {
    }

    // ------------------------------------------------------------------ time

    enum Step { MINUTES, HOURS, DAYS, WEEKS }

    record AdvanceClock(Step step, int n) implements Action<MoneyPath> {
        @Override
        public MoneyPath run(MoneyPath m) {
            m.clock.advance(switch (step) {
                case MINUTES -> Duration.ofMinutes(5L * n);
                case HOURS -> Duration.ofHours(n);
                case DAYS -> Duration.ofDays(n);
                case WEEKS -> Duration.ofDays(7L * ((n + 1) / 2));
            });
            return m;
        }

        @Override
        public String toString() {
            return "time passes: " + (step == Step.MINUTES ? 5 * n : step == Step.WEEKS ? (n + 1) / 2 : n) + " "
                    + step.name().toLowerCase();
        }
    }

    // ------------------------------------------------------------------ the end of a sequence

    /**
     * Everything left is brought to its end as production would: the queue back, the sweeper, the
     * consumer, interrupted runs resumed and runs until every ledger is settled. Then every applied
     * redemption must have been paid exactly once, or paid and reversed once (or neither, when it
     * was cancelled before any run paid it).
     */
    static void drain(MoneyPath m) {
        m.queueDown.set(false);
        m.clock.advance(Duration.ofMinutes(10));
        new Sweep().run(m);
        for (int round = 0; round < 3 && !m.queue.isEmpty(); round++) {
            new Deliver(Delivery.IN_ORDER, 100_000).run(m);
        }
        check(m.queue.isEmpty(), "the consumer empties the queue");
        for (MoneyPath.MRedemption r : m.redemptions) {
            check(!r.status.equals("PENDING"), "redemption %s is applied or rejected in the end (it is pending)", r.id);
            check(!r.doomed || r.status.equals("REJECTED") || r.status.equals("CANCELLED"),
                    "redemption %s of a session before its voucher's issue ends rejected (it is %s)", r.id, r.status);
        }
        resumeInterrupted(m);
        m.checkInvariants(); // the resumed runs' files, against the accounts reviewed when they were built
        // Agents review what waits; a provider whose refused change left no open account declares another.
        for (int i = 0; i < m.providers.size(); i++) {
            MoneyPath.MProvider p = m.providers.get(i);
            if (p.pendingIban != null) {
                new ReviewBankChange(i, true).run(m);
            }
            if (p.held() && p.reviewedIban != null) {
                if (p.status == ProviderStatus.SUSPENDED) {
                    new Reinstate(i).run(m);
                }
                new ChangeBankDetails(i, IBANS.indexOf(IBANS.stream().filter(b -> !b.get(0).equals(p.reviewedIban))
                        .findFirst().orElseThrow()), false).run(m);
                new ReviewBankChange(i, true).run(m);
            }
        }
        for (int run = 0; run < 10 && !allSettled(m); run++) {
            m.clock.advance(Duration.ofDays(1));
            new RunReimbursement(true).run(m);
        }
        check(allSettled(m), "runs settle every ledger in the end");
        m.checkInvariants();
        for (MoneyPath.MRedemption r : m.redemptions) {
            int[] c = m.paidLines.getOrDefault(r.id, new int[2]);
            if (r.cancelledAfterApplied) {
                check(c[0] == c[1], "redemption %s cancelled after it applied is paid and reversed once, or neither (paid %s, "
                        + "reversed %s)", r.id, c[0], c[1]);
            } else {
                check(c[0] == (r.everApplied ? 1 : 0) && c[1] == 0, "redemption %s (%s) is paid %s (paid %s, reversed %s)",
                        r.id, r.status, r.everApplied ? "exactly once" : "never", c[0], c[1]);
            }
        }
    }

    static boolean allSettled(MoneyPath m) {
        for (MoneyPath.MProvider p : m.providers) {
            Watermark w = m.reimbursementStore.watermarks(List.of(p.id)).getOrDefault(p.id, Watermark.NONE);
            if (w.settledThrough() < m.redemptionStore.ledgerHead(p.id)) {
                return false;
            }
        }
        return true;
    }
}
