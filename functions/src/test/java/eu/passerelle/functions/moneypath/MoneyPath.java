package eu.passerelle.functions.moneypath;

import eu.passerelle.Rejection;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.evaluation.AreaMonth;
import eu.passerelle.evaluation.Counter;
import eu.passerelle.evaluation.Evaluation;
import eu.passerelle.functions.PasserelleFunctions;
import eu.passerelle.functions.evaluation.DynamoMetrics;
import eu.passerelle.functions.evaluation.RedemptionMetrics;
import eu.passerelle.functions.providers.DynamoProviderStore;
import eu.passerelle.functions.redemption.DynamoRedemptionStore;
import eu.passerelle.functions.reimbursement.DynamoReimbursementStore;
import eu.passerelle.functions.reimbursement.SepaPaymentFiles;
import eu.passerelle.functions.support.LocalTables;
import eu.passerelle.functions.support.MutableClock;
import eu.passerelle.functions.vouchers.DynamoRuleStore;
import eu.passerelle.functions.vouchers.DynamoVoucherStore;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;
import eu.passerelle.privacy.Retention;
import eu.passerelle.providers.ApplicationForm;
import eu.passerelle.providers.Forms;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderService;
import eu.passerelle.providers.ProviderStatus;
import eu.passerelle.redemption.RedemptionMessage;
import eu.passerelle.redemption.RedemptionService;
import eu.passerelle.reimbursement.LedgerEntry;
import eu.passerelle.reimbursement.Pricing;
import eu.passerelle.reimbursement.ProviderPayees;
import eu.passerelle.reimbursement.ReimbursementRuns;
import eu.passerelle.reimbursement.ReimbursementStore;
import eu.passerelle.reimbursement.Run;
import eu.passerelle.reimbursement.Statement;
import eu.passerelle.reimbursement.StatementLine;
import eu.passerelle.reimbursement.Watermark;
import eu.passerelle.vouchers.IncomeTier;
import eu.passerelle.vouchers.ProgrammeRules;
import eu.passerelle.vouchers.RuleVersion;
import eu.passerelle.vouchers.Service;
import eu.passerelle.vouchers.VoucherCodes;
import eu.passerelle.vouchers.VoucherExpiry;
import eu.passerelle.vouchers.VoucherKeys;
import eu.passerelle.vouchers.VoucherService;
import eu.passerelle.vouchers.VoucherTokens;
import eu.passerelle.vouchers.ParentPlaces;
import eu.passerelle.directory.Country;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The money path under test, and what a simple in-memory model expects of it.
 *
 * <p>The system is the real domain services wired to the real DynamoDB stores of template.yaml
 * (through {@link LocalTables}, whichever emulator it starts); only the redemption queue is a list
 * here (the test delivers its messages, in order, shuffled, duplicated or at once) and the clock is
 * a {@link MutableClock}. The model is plain maps of providers, parents, vouchers and redemptions:
 * each action predicts its outcome from the model, checks the system's answer against it, and
 * moves the model; {@link #checkInvariants()} then compares everything stored with the model.</p>
 */
final class MoneyPath {

    static final VoucherKeys KEYS = VoucherKeys.fromSeeds(Map.of(1, "a-money-path-model-test-seed-of-length"), 1);
    static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    static final Duration CANCELLATION_WINDOW = Duration.ofDays(14);
    static final String PROGRAMME_IBAN = "FR7610107001011234567890129";
    static final Set<Counter> COUNTED = EnumSet.of(Counter.ISSUED, Counter.REDEEMED, Counter.EXPIRED, Counter.RETURNED,
            Counter.COMMITTED_CENTS, Counter.PAID_CENTS, Counter.PROVIDERS_DELTA, Counter.PARENTS_HELPED);
    private static final Caller AGENT = new Caller("agent-model", Set.of(Role.AGENT), null);
    private static PostalCodeDirectory postalCodes;

    // ------------------------------------------------------------------ the system

    final LocalTables tables;
    final MutableClock clock = new MutableClock(START);
    final FaultyWrites faults = new FaultyWrites();
    final DynamoDbClient faultyClient;
    final DynamoProviderStore providerStore;
    final ProviderService providerService;
    final ProgrammeRules rules;
    final DynamoVoucherStore voucherStore;
    final VoucherService voucherService;
    final DynamoRedemptionStore redemptionStore;
    final RedemptionService redemptionService;
    final RedemptionService crashingRedemptions;
    final DynamoMetrics metrics;
    final DynamoReimbursementStore reimbursementStore;
    final ReimbursementRuns runs;
    final ReimbursementRuns crashingRuns;
    final VoucherExpiry expiry;
    /** The redemption queue: messages sent and not yet consumed successfully. */
    final List<RedemptionMessage> queue = new CopyOnWriteArrayList<>();
    final AtomicBoolean queueDown = new AtomicBoolean();

    // ------------------------------------------------------------------ the model

    final List<MProvider> providers = new ArrayList<>();
    final List<String> parents = new ArrayList<>();
    final List<MVersion> versions = new ArrayList<>();
    final List<MVoucher> vouchers = new ArrayList<>();
    final Map<String, MVoucher> voucherById = new HashMap<>();
    final List<MRedemption> redemptions = new ArrayList<>();
    final Map<String, MRedemption> redemptionById = new HashMap<>();
    /** parent|service → vouchers held (issued or redeemed; a returned one gives its place back). */
    final Map<String, Integer> used = new HashMap<>();
    final Set<String> helped = new HashSet<>();
    /** The coordination's figures the model expects, except money paid (derived from checked statements). */
    final Map<AreaMonth, Map<Counter, Long>> figures = new HashMap<>();
    final Map<String, MRun> runsById = new LinkedHashMap<>();
    /** What happened over every sequence (how often each outcome): shows the generator reaches the deep states. */
    static final Map<String, java.util.concurrent.atomic.AtomicLong> HAPPENED = new java.util.concurrent.ConcurrentSkipListMap<>();

    static final class MProvider {
        final String id;
        final Caller account;
        final ApplicationForm form;
        final Service service;
        final String department;
        ProviderStatus status = ProviderStatus.SUBMITTED;
        /** The account on the record (what the provider last declared). */
        String declaredIban;
        /** The last account an agent reviewed (null before the first approval): the only one ever paid. */
        String reviewedIban;
        /** A change of account waiting for an agent, and whether the provider said the reviewed one is closed. */
        String pendingIban;
        boolean pendingClosed;
        /** The last change was refused while the reviewed account was said closed. */
        boolean rejectedClosed;

        MProvider(Provider p, Caller account, ApplicationForm form) {
            this.id = p.id();
            this.account = account;
            this.form = form;
            this.service = Service.of(p.application().profession());
            this.department = p.application().address().areaCode();
            this.declaredIban = p.application().bankAccount().iban();
        }

        /** Whether a run must hold this provider's transfer (no reviewed account may be paid now). */
        boolean held() {
            return reviewedIban == null || pendingIban != null && pendingClosed || pendingIban == null && rejectedClosed;
        }
    }

    record MVersion(int sequence, LocalDate from, int sessions, int validityMonths, Map<Service, Long> tariffs,
                    Map<String, Long> tiers) {
    }

    static final class MVoucher {
        String id;
        String code;
        String token;
        Service service;
        String parent;
        String boundTo;
        String department;
        Instant issuedAt;
        LocalDate expiresOn;
        int ruleSequence;
        String tier;
        long tariff;
        long coPayment;
        String status = "ISSUED";
        String redeemedBy;
        boolean expiredCounted;

        LocalDate issuedOn() {
            return issuedAt.atZone(ProgrammeRules.ZONE).toLocalDate();
        }

        long owed() {
            return Evaluation.owed(tariff, coPayment);
        }

        @Override
        public String toString() {
            return id;
        }
    }

    static final class MRedemption {
        String id;
        String providerId;
        String voucherId;
        LocalDate sessionDate;
        Instant createdAt;
        String status = "PENDING";
        boolean everApplied;
        boolean cancelledAfterApplied;
        /** Accepted although it can never apply (a session before the voucher's issue): it must end rejected. */
        boolean doomed;
    }

    static final class MRun {
        final String id;
        /** Crashed midway and not resumed yet: its queue message will come back. */
        boolean interrupted;

        MRun(String id) {
            this.id = id;
        }
    }

    MoneyPath(LocalTables tables) {
        this.tables = tables;
        if (postalCodes == null) {
            postalCodes = PostalCodeDirectory.load();
        }
        clear(tables);
        faultyClient = tables.client(faults);
        String providersTable = tables.table(PasserelleFunctions.PROVIDERS_TABLE);
        String vouchersTable = tables.table(PasserelleFunctions.VOUCHERS_TABLE);
        String ledgerTable = tables.table(PasserelleFunctions.LEDGER_TABLE);
        String metricsTable = tables.table(PasserelleFunctions.METRICS_TABLE);
        String reimbursementTable = tables.table(PasserelleFunctions.REIMBURSEMENT_TABLE);
        DynamoDbClient client = tables.client();
        providerStore = new DynamoProviderStore(client, providersTable, metricsTable);
        providerService = new ProviderService(providerStore, postalCodes, clock);
        rules = new ProgrammeRules(new DynamoRuleStore(client, tables.table(PasserelleFunctions.PROGRAMME_TABLE)), clock);
        voucherStore = new DynamoVoucherStore(client, vouchersTable, metricsTable);
        ParentPlaces places = code -> postalCodes.find(code.length() == 4 ? Country.BE : Country.FR, code)
                .map(a -> new ParentPlaces.ParentPlace(a.area().code(), a.location()));
        voucherService = new VoucherService(voucherStore, () -> rules, providerStore, () -> new VoucherCodes(KEYS),
                () -> new VoucherTokens(KEYS), clock, places);
        redemptionStore = new DynamoRedemptionStore(client, ledgerTable, vouchersTable, providersTable,
                new RedemptionMetrics(metricsTable, providerStore::find));
        redemptionService = redemptions(redemptionStore, client);
        crashingRedemptions = redemptions(new DynamoRedemptionStore(faultyClient, ledgerTable, vouchersTable, providersTable,
                new RedemptionMetrics(metricsTable, providerStore::find)), faultyClient);
        metrics = new DynamoMetrics(client, metricsTable);
        reimbursementStore = new DynamoReimbursementStore(client, reimbursementTable, ledgerTable, metrics);
        runs = runs(reimbursementStore);
        crashingRuns = runs(new DynamoReimbursementStore(faultyClient, reimbursementTable, ledgerTable,
                new DynamoMetrics(faultyClient, metricsTable)));
        expiry = new VoucherExpiry(voucherStore, clock);

        versions.add(version(RuleVersion.initial()));
        ApplicationForm[] forms = {
                Forms.psychologistIn75018(String.format("3%09d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 1_000_000_000L))),
                Forms.psychologistIn75018(String.format("4%09d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 1_000_000_000L))),
                Forms.mediatorInBrussels()};
        for (ApplicationForm form : forms) {
            Caller account = new Caller(UUID.randomUUID().toString(), Set.of(Role.PROVIDER), null);
            providers.add(new MProvider(providerService.apply(account, form), account, form));
        }
        // P0 and P2 start approved, P1 waits for an agent (approving is one of the actions).
        for (int i : new int[] {0, 2}) {
            MProvider p = providers.get(i);
            providerService.decide(AGENT, p.id, eu.passerelle.providers.Decision.APPROVE, null);
            p.status = ProviderStatus.APPROVED;
            p.reviewedIban = p.declaredIban;
            count(p.department, month(clock.instant()), p.service, Counter.PROVIDERS_DELTA, 1);
        }
        // From the programme's second day, vouchers are valid one month: sequences see them expire.
        new MoneyPathActions.Publish(1, 5500, 5, 1, false).run(this);
        for (int i = 0; i < 4; i++) {
            parents.add("parent-" + i + "-" + UUID.randomUUID().toString().substring(0, 8));
        }
    }

    private RedemptionService redemptions(DynamoRedemptionStore store, DynamoDbClient client) {
        return new RedemptionService(store, (message, group, dedup) -> {
            if (queueDown.get()) {
                throw new IllegalStateException("queue unreachable");
            }
            queue.add(message);
        }, new DynamoVoucherStore(client, tables.table(PasserelleFunctions.VOUCHERS_TABLE)),
                () -> new VoucherCodes(KEYS), () -> new VoucherTokens(KEYS), clock, CANCELLATION_WINDOW,
                new eu.passerelle.vouchers.EarliestIssue(rules::ruleBook));
    }

    private ReimbursementRuns runs(ReimbursementStore store) {
        return new ReimbursementRuns(store, () -> new Pricing(rules.ruleBook()), new ProviderPayees(providerStore),
                new SepaPaymentFiles(new SepaPaymentFiles.Debtor("Programme Passerelle", PROGRAMME_IBAN, "BNPAFRPP")), clock);
    }

    static MVersion version(RuleVersion v) {
        Map<String, Long> tiers = new LinkedHashMap<>();
        for (IncomeTier t : v.tiers()) {
            tiers.put(t.code(), t.coPaymentCents());
        }
        return new MVersion(v.sequence(), v.validFrom(), v.sessionsPerService(), v.validityMonths(),
                new EnumMap<>(v.tariffCents()), tiers);
    }

    /** Every item of every table of the money path deleted: each sequence starts from nothing. */
    static void clear(LocalTables tables) {
        DynamoDbClient client = tables.client();
        for (String logical : List.of(PasserelleFunctions.PROVIDERS_TABLE, PasserelleFunctions.VOUCHERS_TABLE,
                PasserelleFunctions.PROGRAMME_TABLE, PasserelleFunctions.LEDGER_TABLE, PasserelleFunctions.METRICS_TABLE,
                PasserelleFunctions.REIMBURSEMENT_TABLE)) {
            String table = tables.table(logical);
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page = client.scan(s -> s.tableName(table).projectionExpression("pk, sk").exclusiveStartKey(from));
                List<WriteRequest> deletes = page.items().stream()
                        .map(i -> WriteRequest.builder().deleteRequest(d -> d.key(i)).build()).toList();
                for (int i = 0; i < deletes.size(); i += 25) {
                    Map<String, List<WriteRequest>> batch = Map.of(table, deletes.subList(i, Math.min(deletes.size(), i + 25)));
                    while (!batch.isEmpty()) {
                        Map<String, List<WriteRequest>> ask = batch;
                        var response = client.batchWriteItem(b -> b.requestItems(ask));
                        batch = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
    }

    // ------------------------------------------------------------------ the model's rules

    LocalDate today() {
        return clock.instant().atZone(ProgrammeRules.ZONE).toLocalDate();
    }

    MVersion versionOn(LocalDate day) {
        MVersion found = null;
        for (MVersion v : versions) {
            if (!day.isBefore(v.from())) {
                found = v;
            }
        }
        return found;
    }

    /**
     * The earliest day a voucher can have been issued as its code tells it (issue 12 C8: a session
     * before it is refused at once): its version's first day, or its expiry less the validity.
     * A session between that day and the true issue is accepted, and rejected when applied.
     */
    LocalDate earliestIssue(MVoucher v) {
        MVersion version = versionNumbered(v.ruleSequence);
        LocalDate byExpiry = v.expiresOn.minusMonths(version.validityMonths());
        return byExpiry.isAfter(version.from()) ? byExpiry : version.from();
    }

    MVersion versionNumbered(int sequence) {
        return versions.stream().filter(v -> v.sequence() == sequence).findFirst().orElseThrow();
    }

    /** What a session pays the provider: the tariff of the version in force on its date, less the parent's co-payment. */
    long price(MVoucher v, LocalDate sessionDate) {
        MVersion version = versionOn(sessionDate);
        long tariff = version.tariffs().get(v.service);
        Long co = version.tiers().get(v.tier);
        if (co == null) {
            co = versionNumbered(v.ruleSequence).tiers().getOrDefault(v.tier, 0L);
        }
        return tariff - Math.min(co, tariff);
    }

    MProvider provider(String id) {
        return providers.stream().filter(p -> p.id.equals(id)).findFirst().orElseThrow();
    }

    static String area(String department) {
        return department == null || department.isBlank() ? AreaMonth.UNKNOWN : department;
    }

    /** Adds to the expected figures of a cell and of the nation. */
    void count(String department, YearMonth month, Service service, Counter counter, long by) {
        for (String a : List.of(area(department), AreaMonth.NATIONAL)) {
            figures.computeIfAbsent(new AreaMonth(a, month, service.code()), k -> new EnumMap<>(Counter.class))
                    .merge(counter, by, Long::sum);
        }
    }

    static YearMonth month(Instant at) {
        return Evaluation.month(at);
    }

    static void happened(String what) {
        HAPPENED.computeIfAbsent(what, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
    }

    // ------------------------------------------------------------------ the invariants

    /** What {@link #checkInvariants()} derived from the statements: how often each redemption was paid and reversed. */
    final Map<String, int[]> paidLines = new HashMap<>();
    /** Run ids whose statements and file have been checked once finished (they never change after). */
    private final Map<String, List<Statement>> finishedStatements = new HashMap<>();

    /**
     * Everything stored against the model. Called after every action.
     */
    void checkInvariants() {
        Map<String, List<LedgerEntry>> ledgers = checkLedgers();
        List<Run> stored = new ArrayList<>();
        reimbursementStore.runs(null, 200).items().forEach(stored::add);
        Map<String, Run> byId = new HashMap<>();
        stored.forEach(r -> byId.put(r.id(), r));
        check(byId.keySet().equals(runsById.keySet()), "the runs stored %s are the runs started %s", byId.keySet(),
                runsById.keySet());
        List<Statement> all = new ArrayList<>();
        for (MRun m : runsById.values()) {
            Run run = byId.get(m.id);
            if (!m.interrupted) {
                check(run.finished(), "run %s terminated (it is %s)", run.id(), run.status());
                check(run.status() != Run.Status.BLOCKED, "run %s was blocked: %s", run.id(), run.problem());
            }
            List<Statement> statements = finishedStatements.get(m.id);
            if (statements == null) {
                statements = new ArrayList<>();
                reimbursementStore.statementsWithLines(m.id, statements::add);
                if (run.finished()) {
                    checkRun(run, statements);
                    finishedStatements.put(m.id, statements);
                }
            }
            all.addAll(statements);
        }
        checkStatements(all, ledgers);
        checkFigures(all);
        checkQuotas();
    }

    private Map<String, List<LedgerEntry>> checkLedgers() {
        Map<String, List<LedgerEntry>> ledgers = new HashMap<>();
        for (MProvider p : providers) {
            List<LedgerEntry> entries = reimbursementStore.entriesAfter(p.id, 0, 100_000);
            ledgers.put(p.id, entries);
            Map<String, Long> sessionOf = new HashMap<>();
            Set<String> reversed = new HashSet<>();
            for (int i = 0; i < entries.size(); i++) {
                LedgerEntry e = entries.get(i);
                check(e.sequence() == i + 1, "ledger of %s numbered without gaps: entry %s at %s", p.id, e.sequence(), i + 1);
                MRedemption r = redemptionById.get(e.redemptionId());
                check(r != null && r.providerId.equals(p.id), "ledger entry %s of %s is a redemption of theirs", e.sequence(), p.id);
                MVoucher v = voucherById.get(r.voucherId);
                check(e.voucherId().equals(v.id) && e.sessionDate().equals(r.sessionDate) && e.service().equals(v.service.code())
                                && Objects.equals(e.department(), v.department) && e.incomeTier().equals(v.tier)
                                && e.ruleSequence() == v.ruleSequence,
                        "ledger entry %s of %s describes redemption %s of voucher %s", e.sequence(), p.id, r.id, v.id);
                if (e.kind() == LedgerEntry.Kind.REDEMPTION) {
                    check(sessionOf.put(r.id, e.sequence()) == null, "redemption %s entered once in the ledger", r.id);
                } else {
                    check(Objects.equals(sessionOf.get(r.id), e.reverses()) && reversed.add(r.id),
                            "reversal %s of %s reverses its redemption's entry once", e.sequence(), r.id);
                }
            }
            for (MRedemption r : redemptions) {
                if (r.providerId.equals(p.id)) {
                    check(sessionOf.containsKey(r.id) == r.everApplied, "redemption %s %s in the ledger", r.id,
                            r.everApplied ? "applied is" : "never applied is not");
                    check(reversed.contains(r.id) == r.cancelledAfterApplied, "redemption %s %s", r.id,
                            r.cancelledAfterApplied ? "cancelled after it applied is reversed" : "is not reversed");
                }
            }
        }
        return ledgers;
    }

    /** A finished run: its counters equal its statements, and its file (if any) says the same. */
    private void checkRun(Run run, List<Statement> statements) {
        long payable = statements.stream().mapToLong(Statement::payableCents).sum();
        long lines = statements.stream().mapToLong(s -> s.lines().size()).sum();
        long linesTotal = statements.stream().mapToLong(Statement::linesTotalCents).sum();
        List<Statement> paying = statements.stream().filter(s -> s.payableCents() > 0).toList();
        check(run.controlSumCents() == payable && run.providersDone() == statements.size() && run.linesCount() == lines
                        && run.linesTotalCents() == linesTotal && run.transfers() == paying.size(),
                "run %s counters (control sum %s, %s statements, %s lines, %s transfers) equal its statements (%s, %s, %s, %s)",
                run.id(), run.controlSumCents(), run.providersDone(), run.linesCount(), run.transfers(), payable,
                statements.size(), lines, paying.size());
        if (run.status() != Run.Status.COMPLETED) {
            return;
        }
        if (paying.isEmpty()) {
            check(run.fileReference() == null, "run %s pays nothing and has no file", run.id());
            return;
        }
        PaymentFile file = PaymentFile.parse(runs.paymentFile(run.id()));
        check(file.messageId().equals(run.fileReference()), "run %s file is %s", run.id(), run.fileReference());
        check(file.numberOfTransactions() == paying.size() && file.transfers().size() == paying.size(),
                "run %s file holds one transfer per statement with a positive balance (%s, %s transfers in the file)",
                run.id(), paying.size(), file.transfers().size());
        check(file.controlSumCents() == payable, "run %s file control sum %s equals its statements' %s", run.id(),
                file.controlSumCents(), payable);
        check(file.transfers().stream().mapToLong(PaymentFile.Transfer::amountCents).sum() == payable,
                "run %s file transfers add up to its control sum", run.id());
        Map<String, Statement> byReference = new HashMap<>();
        paying.forEach(s -> byReference.put(s.reference(), s));
        for (PaymentFile.Transfer t : file.transfers()) {
            Statement s = byReference.remove(t.endToEndId());
            check(s != null, "run %s transfer %s names a statement of the run, once", run.id(), t.endToEndId());
            check(t.amountCents() == s.payableCents(), "transfer %s pays the statement's %s (not %s)", t.endToEndId(),
                    s.payableCents(), t.amountCents());
            MProvider p = provider(s.providerId());
            check(!p.held() && t.iban().equals(p.reviewedIban), "transfer %s goes to %s's reviewed account %s, never to an "
                    + "unreviewed one (it goes to %s; pending change %s)", t.endToEndId(), p.id, p.reviewedIban, t.iban(), p.pendingIban);
        }
    }

    /**
     * Every statement ever committed: chained per provider from its watermark, each line one ledger
     * entry priced as the model prices it, each redemption paid at most once and reversed at most once.
     */
    private void checkStatements(List<Statement> all, Map<String, List<LedgerEntry>> ledgers) {
        paidLines.clear();
        Map<String, TreeMap<Long, Statement>> byProvider = new HashMap<>();
        for (Statement s : all) {
            Statement twin = byProvider.computeIfAbsent(s.providerId(), k -> new TreeMap<>()).put(s.settledAfter(), s);
            check(twin == null, "two statements of %s settle from entry %s (runs %s and %s)", s.providerId(),
                    s.settledAfter(), s.runId(), twin == null ? null : twin.runId());
        }
        for (Map.Entry<String, TreeMap<Long, Statement>> p : byProvider.entrySet()) {
            List<LedgerEntry> ledger = ledgers.getOrDefault(p.getKey(), List.of());
            long through = 0;
            long carried = 0;
            for (Statement s : p.getValue().values()) {
                check(s.settledAfter() == through && s.carriedInCents() == carried,
                        "statement of %s in run %s starts where the last ended (entry %s, carried %s; it says %s, %s)",
                        p.getKey(), s.runId(), through, carried, s.settledAfter(), s.carriedInCents());
                check(s.settledThrough() <= ledger.size(), "statement of %s settles entries that exist", p.getKey());
                Map<Long, LedgerEntry> range = new TreeMap<>();
                for (long seq = s.settledAfter() + 1; seq <= s.settledThrough(); seq++) {
                    range.put(seq, ledger.get((int) seq - 1));
                }
                Set<Long> cancelledOut = new HashSet<>();
                for (LedgerEntry e : range.values()) {
                    if (e.kind() == LedgerEntry.Kind.REVERSAL && range.containsKey(e.reverses())) {
                        cancelledOut.add(e.sequence());
                        cancelledOut.add(e.reverses());
                    }
                }
                Set<Long> onLines = new HashSet<>();
                long sum = 0;
                for (StatementLine l : s.lines()) {
                    LedgerEntry e = range.get(l.sequence());
                    check(e != null && onLines.add(l.sequence()) && !cancelledOut.contains(l.sequence()) && e.kind() == l.kind(),
                            "line %s of %s's statement in run %s is one entry of its range", l.sequence(), p.getKey(), s.runId());
                    MRedemption r = redemptionById.get(e.redemptionId());
                    long expected = price(voucherById.get(r.voucherId), r.sessionDate);
                    check(l.amountCents() == (e.kind() == LedgerEntry.Kind.REVERSAL ? -expected : expected),
                            "line %s of %s (redemption %s, session %s) pays %s, the model prices it %s", l.sequence(),
                            p.getKey(), r.id, r.sessionDate, l.amountCents(), expected);
                    int[] counts = paidLines.computeIfAbsent(r.id, k -> new int[2]);
                    counts[e.kind() == LedgerEntry.Kind.REVERSAL ? 1 : 0]++;
                    sum += l.amountCents();
                }
                check(onLines.size() + cancelledOut.size() == range.size(), "every entry of %s's statement in run %s is a line",
                        p.getKey(), s.runId());
                long balance = carried + sum;
                check(s.linesTotalCents() == sum && s.balanceCents() == balance && s.payableCents() == Math.max(0, balance)
                                && s.carriedOutCents() == Math.min(0, balance),
                        "statement of %s in run %s adds up", p.getKey(), s.runId());
                through = s.settledThrough();
                carried = s.carriedOutCents();
            }
            Watermark mark = reimbursementStore.watermarks(List.of(p.getKey())).getOrDefault(p.getKey(), Watermark.NONE);
            check(mark.settledThrough() == through && mark.carriedCents() == carried,
                    "the watermark of %s (%s) is where its last statement ended (%s)", p.getKey(), mark, through);
        }
        for (Map.Entry<String, int[]> e : paidLines.entrySet()) {
            int[] c = e.getValue();
            MRedemption r = redemptionById.get(e.getKey());
            check(c[0] <= 1 && c[1] <= c[0], "redemption %s paid %s times and reversed %s times", e.getKey(), c[0], c[1]);
            check(c[1] == 0 || r.cancelledAfterApplied, "redemption %s is reversed only if cancelled", r.id);
        }
    }

    private void checkFigures(List<Statement> all) {
        Map<AreaMonth, Map<Counter, Long>> expected = new HashMap<>();
        figures.forEach((k, v) -> expected.put(k, new EnumMap<>(v)));
        for (Statement s : all) {
            for (StatementLine l : s.lines()) {
                for (String a : List.of(area(l.department()), AreaMonth.NATIONAL)) {
                    expected.computeIfAbsent(new AreaMonth(a, YearMonth.from(l.sessionDate()), l.service()),
                            k -> new EnumMap<>(Counter.class)).merge(Counter.PAID_CENTS, l.amountCents(), Long::sum);
                }
            }
        }
        Set<String> areas = new HashSet<>();
        expected.keySet().forEach(c -> areas.add(c.area()));
        areas.add(AreaMonth.NATIONAL);
        for (String a : areas) {
            Map<AreaMonth, Map<Counter, Long>> real = metrics.area(a, YearMonth.of(2031, 1));
            Set<AreaMonth> cells = new HashSet<>(real.keySet());
            expected.keySet().stream().filter(c -> c.area().equals(a)).forEach(cells::add);
            for (AreaMonth cell : cells) {
                for (Counter c : COUNTED) {
                    long want = expected.getOrDefault(cell, Map.of()).getOrDefault(c, 0L);
                    long got = real.getOrDefault(cell, Map.of()).getOrDefault(c, 0L);
                    check(want == got, "coordination figure %s of %s %s %s is %s, the model counts %s", c.attribute(),
                            cell.area(), cell.month(), cell.service(), got, want);
                }
            }
        }
    }

    private void checkQuotas() {
        for (String parent : parents) {
            for (Service service : Service.values()) {
                int model = used.getOrDefault(parent + "|" + service, 0);
                int stored = voucherStore.used(parent, service);
                check(stored == model, "%s holds %s %s vouchers, the quota item says %s", parent, model, service.code(), stored);
            }
        }
    }

    static void check(boolean holds, String what, Object... args) {
        if (!holds) {
            throw new AssertionError("Invariant broken: " + String.format(what, args));
        }
    }

    /** A refusal as the provider or parent would see it, or "ok". */
    static String outcome(Runnable call) {
        try {
            call.run();
            return "ok";
        } catch (Rejection r) {
            return r.type();
        }
    }
}
