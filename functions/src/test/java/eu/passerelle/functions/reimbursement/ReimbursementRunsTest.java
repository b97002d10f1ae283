package eu.passerelle.functions.reimbursement;

import eu.passerelle.Rejection;
import eu.passerelle.evaluation.Counter;
import eu.passerelle.functions.PasserelleFunctions;
import eu.passerelle.functions.evaluation.DynamoMetrics;
import eu.passerelle.functions.support.LocalTables;
import eu.passerelle.functions.support.MutableClock;
import eu.passerelle.providers.Page;
import eu.passerelle.redemption.Redemption;
import eu.passerelle.reimbursement.Ledgers;
import eu.passerelle.reimbursement.LedgerEntry;
import eu.passerelle.reimbursement.Payee;
import eu.passerelle.reimbursement.Pricing;
import eu.passerelle.reimbursement.ReimbursementRuns;
import eu.passerelle.reimbursement.ReimbursementStore;
import eu.passerelle.reimbursement.Run;
import eu.passerelle.reimbursement.Statement;
import eu.passerelle.reimbursement.StatementLine;
import eu.passerelle.reimbursement.StatementSummary;
import eu.passerelle.reimbursement.Watermark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reimbursement runs against the DynamoDB engine with the tables of template.yaml: whatever happens to
 * a run (a crash midway, a retry, a second run at the same time), every applied redemption is
 * paid exactly once and the totals reconcile.
 */
class ReimbursementRunsTest {

    private static LocalTables tables;
    private static LedgerFixture ledger;
    private static DynamoReimbursementStore store;

    private static final LocalDate MAY = LocalDate.of(2026, 5, 28);
    private static final LocalDate JUNE = LocalDate.of(2026, 6, 3);
    private static final Instant WRITTEN = Instant.parse("2026-06-08T10:00:00Z");
    private static final Instant RUN_AT = Instant.parse("2026-06-15T04:00:00Z");
    private static final String IBAN = "FR7630006000011234567890189";

    private final MutableClock clock = new MutableClock(RUN_AT);
    private String prefix;

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        ledger = new LedgerFixture(tables);
        store = new DynamoReimbursementStore(tables.client(), tables.table(PasserelleFunctions.REIMBURSEMENT_TABLE),
                tables.table(PasserelleFunctions.LEDGER_TABLE));
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    @BeforeEach
    void freshProviders() {
        // Tests share the tables: each works on providers of its own, and finishes every run it starts.
        prefix = UUID.randomUUID().toString().substring(0, 6) + "-";
        clock.set(RUN_AT);
    }

    private ReimbursementRuns runs(ReimbursementStore s) {
        return new ReimbursementRuns(s, () -> new Pricing(Ledgers.twoVersions()),
                id -> Optional.of(new Payee(id, "Cabinet Élodie " + id, IBAN, "AGRIFRPP")),
                new SepaPaymentFiles(new SepaPaymentFiles.Debtor("Programme Passerelle", "FR7610107001011234567890129", "BNPAFRPP")),
                clock);
    }

    /** n providers, each with {@code sessions} sessions, half before and half after the tariff change. */
    private Map<String, List<Redemption>> ledgers(int providers, int sessions) {
        Map<String, List<Redemption>> all = new HashMap<>();
        for (int p = 0; p < providers; p++) {
            String id = prefix + p;
            List<Redemption> done = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                done.add(ledger.redeem(id, i % 2 == 0 ? MAY : JUNE, i % 3 == 0 ? "A" : "B", WRITTEN));
            }
            all.put(id, done);
        }
        return all;
    }

    /** Version 1 before June (50 € − 0/5 €), version 2 after (60 € − 0/7 €). */
    private static long expected(int sessions) {
        long sum = 0;
        for (int i = 0; i < sessions; i++) {
            boolean may = i % 2 == 0;
            boolean tierA = i % 3 == 0;
            sum += may ? 5000 - (tierA ? 0 : 500) : 6000 - (tierA ? 0 : 700);
        }
        return sum;
    }

    /** Every statement line of every run for these providers, by provider and ledger entry. */
    private Map<String, Map<Long, Long>> paidLines(List<String> runIds) {
        Map<String, Map<Long, Long>> paid = new HashMap<>();
        for (String runId : runIds) {
            store.statements(runId, s -> {
                if (!s.providerId().startsWith(prefix)) {
                    return;
                }
                Statement full = store.statement(runId, s.providerId()).orElseThrow();
                for (StatementLine l : full.lines()) {
                    Long before = paid.computeIfAbsent(s.providerId(), k -> new HashMap<>()).put(l.sequence(), l.amountCents());
                    assertThat(before).as("ledger entry %s of %s paid twice", l.sequence(), s.providerId()).isNull();
                }
            });
        }
        return paid;
    }

    private static void assertReconciles(Run run) {
        long[] payable = {0};
        int[] count = {0};
        store.statements(run.id(), s -> {
            payable[0] += s.payableCents();
            count[0]++;
        });
        assertThat(run.controlSumCents()).isEqualTo(payable[0]);
        assertThat(run.providersDone()).isEqualTo(count[0]);
    }

    @Test
    void aRunKilledMidwayThenRerunPaysEveryRedemptionExactlyOnce() {
        Map<String, List<Redemption>> ledgers = ledgers(12, 5);
        ReimbursementRuns crashing = runs(new CrashingStore(store, 5));
        Run run = crashing.startScheduled(RUN_AT);

        assertThatThrownBy(() -> crashing.execute(run.id(), RUN_AT.plusSeconds(3600))).isInstanceOf(Crash.class);
        assertThat(store.run(run.id()).orElseThrow().providersDone()).isEqualTo(5);

        ReimbursementRuns rerun = runs(store);
        assertThat(rerun.startScheduled(RUN_AT).id()).as("the retried schedule finds the same run").isEqualTo(run.id());
        assertThat(rerun.execute(run.id(), RUN_AT.plusSeconds(3600))).isEqualTo(ReimbursementRuns.Progress.DONE);

        Run done = store.run(run.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(Run.Status.COMPLETED);
        Map<String, Map<Long, Long>> paid = paidLines(List.of(run.id()));
        assertThat(paid).hasSize(12);
        paid.forEach((provider, lines) -> {
            assertThat(lines.keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
            assertThat(lines.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(expected(5));
        });
        assertReconciles(done);
    }

    @Test
    void aRunThatCrashesAfterItsStatementsButBeforeItsFileResumesAndChecksBeforeMoneyMoves() {
        ledgers(3, 2);
        Run run = runs(new CrashingStore(store, Integer.MAX_VALUE)).startScheduled(RUN_AT.plusSeconds(7));
        assertThatThrownBy(() -> runs(new CrashingStore(store, Integer.MAX_VALUE)).execute(run.id(), RUN_AT.plusSeconds(3600)))
                .isInstanceOf(Crash.class);
        assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(Run.Status.RUNNING);

        // Someone alters a statement's total in the table: the run must not issue a file.
        String provider = prefix + "0";
        tables.client().updateItem(u -> u.tableName(tables.table(PasserelleFunctions.REIMBURSEMENT_TABLE))
                .key(Map.of("pk", AttributeValue.fromS("RUN#" + run.id()), "sk", AttributeValue.fromS("STATEMENT#" + provider)))
                .updateExpression("SET linesTotalCents = linesTotalCents + :one, balanceCents = balanceCents + :one, "
                        + "payableCents = payableCents + :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));

        runs(store).execute(run.id(), RUN_AT.plusSeconds(3600));
        Run blocked = store.run(run.id()).orElseThrow();
        assertThat(blocked.status()).isEqualTo(Run.Status.BLOCKED);
        assertThat(blocked.problem()).contains("ne s'additionne pas");
        assertThatThrownBy(() -> runs(store).paymentFile(run.id())).isInstanceOf(Rejection.class);
    }

    @Test
    void twoRunsAtOnceAndTheSameRunTwiceAtOnceNeverPayARedemptionTwice() throws Exception {
        ledgers(15, 4);
        ReimbursementRuns a = runs(store);
        ReimbursementRuns b = runs(store);
        Run first = a.startScheduled(RUN_AT.plusSeconds(1));
        Run second = b.startScheduled(RUN_AT.plusSeconds(2));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<ReimbursementRuns.Progress>> work = List.of(
                    () -> a.execute(first.id(), RUN_AT.plusSeconds(3600)),
                    () -> b.execute(second.id(), RUN_AT.plusSeconds(3600)),
                    () -> runs(store).execute(first.id(), RUN_AT.plusSeconds(3600)));
            for (Future<ReimbursementRuns.Progress> f : pool.invokeAll(work)) {
                assertThat(f.get()).isEqualTo(ReimbursementRuns.Progress.DONE);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Map<Long, Long>> paid = paidLines(List.of(first.id(), second.id()));
        assertThat(paid).hasSize(15);
        paid.forEach((provider, lines) -> assertThat(lines.keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L));
        Run r1 = store.run(first.id()).orElseThrow();
        Run r2 = store.run(second.id()).orElseThrow();
        assertReconciles(r1);
        assertReconciles(r2);
        long ours = paid.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
        assertThat(ours).isEqualTo(15 * expected(4));
    }

    @Test
    void aFinishedRunRerunChangesNothingAndTheNextRunPaysOnlyWhatIsNew() {
        ledgers(2, 3);
        ReimbursementRuns runs = runs(store);
        Run run = runs.startScheduled(RUN_AT.plusSeconds(3));
        runs.execute(run.id(), RUN_AT.plusSeconds(3600));
        Run done = store.run(run.id()).orElseThrow();
        String file = runs.paymentFile(run.id());

        assertThat(runs.execute(run.id(), RUN_AT.plusSeconds(3600))).isEqualTo(ReimbursementRuns.Progress.DONE);
        assertThat(store.run(run.id()).orElseThrow()).isEqualTo(done);
        assertThat(runs.paymentFile(run.id())).isEqualTo(file);

        ledger.redeem(prefix + "0", JUNE, "A", RUN_AT.plusSeconds(60));
        clock.set(RUN_AT.plus(java.time.Duration.ofDays(7)));
        Run next = runs.startScheduled(clock.instant());
        runs.execute(next.id(), clock.instant().plusSeconds(3600));
        Map<String, Map<Long, Long>> paid = paidLines(List.of(next.id()));
        assertThat(paid).containsOnlyKeys(prefix + "0");
        assertThat(paid.get(prefix + "0")).containsExactly(Map.entry(4L, 6000L));
    }

    @Test
    void aCancellationAfterSettlementIsANegativeLineAndANegativeBalanceIsCarriedForward() {
        String provider = prefix + "0";
        Redemption a = ledger.redeem(provider, MAY, "A", WRITTEN);
        Redemption b = ledger.redeem(provider, JUNE, "A", WRITTEN);
        ReimbursementRuns runs = runs(store);
        Run first = runs.startScheduled(RUN_AT.plusSeconds(4));
        runs.execute(first.id(), RUN_AT.plusSeconds(3600));
        assertThat(store.statement(first.id(), provider).orElseThrow().payableCents()).isEqualTo(11000);

        // Both sessions cancelled after they were paid: the ledger gets reversal entries.
        Instant later = RUN_AT.plusSeconds(3600);
        ledger.cancel(ledger.redemptions.find(a.id()).orElseThrow(), "A", later);
        ledger.cancel(ledger.redemptions.find(b.id()).orElseThrow(), "A", later);
        // Run ids come from their start time: each test starts its runs at times of its own.
        clock.set(RUN_AT.plus(java.time.Duration.ofDays(8)));
        Run second = runs.startScheduled(clock.instant());
        runs.execute(second.id(), clock.instant().plusSeconds(3600));

        Statement s = store.statement(second.id(), provider).orElseThrow();
        assertThat(s.lines()).extracting(StatementLine::kind).containsOnly(LedgerEntry.Kind.REVERSAL);
        assertThat(s.lines()).extracting(StatementLine::amountCents).containsExactly(-5000L, -6000L);
        assertThat(s.lines()).extracting(StatementLine::ruleVersion).containsExactly(1, 2);
        assertThat(s.payableCents()).isZero();
        assertThat(s.carriedOutCents()).isEqualTo(-11000);
        assertThat(store.run(second.id()).orElseThrow().transfers()).isZero();
        assertThatThrownBy(() -> runs.paymentFile(second.id())).isInstanceOf(Rejection.class)
                .hasMessageContaining("Aucun virement");

        // The debt is set against the next sessions before anything is paid.
        ledger.redeem(provider, JUNE, "A", clock.instant().plusSeconds(60));
        ledger.redeem(provider, JUNE, "A", clock.instant().plusSeconds(60));
        clock.set(clock.instant().plus(java.time.Duration.ofDays(7)));
        Run third = runs.startScheduled(clock.instant());
        runs.execute(third.id(), clock.instant().plusSeconds(3600));
        Statement t = store.statement(third.id(), provider).orElseThrow();
        assertThat(t.carriedInCents()).isEqualTo(-11000);
        assertThat(t.payableCents()).isEqualTo(1000);
        assertThat(store.watermarks(List.of(provider)).get(provider)).isEqualTo(new Watermark(6, 0, third.id()));
        Page<StatementSummary> mine = store.statementsOf(provider, null, 10);
        assertThat(mine.items()).extracting(StatementSummary::runId).containsExactly(third.id(), second.id(), first.id());
    }

    @Test
    void moneyPaidCountsInTheCoordinationFiguresExactlyOnceThroughACrashARerunAndACancellation() {
        DynamoMetrics metrics = new DynamoMetrics(tables.client(), tables.table(PasserelleFunctions.METRICS_TABLE));
        DynamoReimbursementStore counting = new DynamoReimbursementStore(tables.client(),
                tables.table(PasserelleFunctions.REIMBURSEMENT_TABLE), tables.table(PasserelleFunctions.LEDGER_TABLE), metrics);
        // A department of this test's own: the counters are shared by every test of the class.
        String department = "T" + prefix.substring(0, 5);
        List<Redemption> sessions = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            for (int i = 0; i < 3; i++) {
                sessions.add(ledger.redeem(prefix + p, i == 0 ? MAY : JUNE, "A", WRITTEN, department));
            }
        }
        Run run = runs(counting).startScheduled(RUN_AT.plusSeconds(9));
        assertThatThrownBy(() -> runs(new CrashingStore(counting, 2)).execute(run.id(), RUN_AT.plusSeconds(3600)))
                .isInstanceOf(Crash.class);
        runs(counting).execute(run.id(), RUN_AT.plusSeconds(3600));
        runs(counting).execute(run.id(), RUN_AT.plusSeconds(3600));

        assertThat(paid(metrics, department, MAY)).isEqualTo(4 * 5000L);
        assertThat(paid(metrics, department, JUNE)).isEqualTo(4 * 2 * 6000L);

        // A paid May session cancelled: the next run's negative line takes it off May's figure.
        ledger.cancel(ledger.redemptions.find(sessions.get(0).id()).orElseThrow(), "A", RUN_AT.plusSeconds(3600), department);
        clock.set(RUN_AT.plus(java.time.Duration.ofDays(9)));
        Run next = runs(counting).startScheduled(clock.instant());
        runs(counting).execute(next.id(), clock.instant().plusSeconds(3600));

        assertThat(paid(metrics, department, MAY)).isEqualTo(3 * 5000L);
        assertThat(paid(metrics, department, JUNE)).isEqualTo(4 * 2 * 6000L);
        long linesPaid = paidLines(List.of(run.id(), next.id())).values().stream()
                .flatMap(lines -> lines.values().stream()).mapToLong(Long::longValue).sum();
        assertThat(paid(metrics, department, MAY) + paid(metrics, department, JUNE)).isEqualTo(linesPaid);
    }

    @Test
    void aProviderWhoseParentsLiveInTwoDepartmentsIsPaidAndCountedInBothDepartmentsAndOnceNationally() {
        DynamoMetrics metrics = new DynamoMetrics(tables.client(), tables.table(PasserelleFunctions.METRICS_TABLE));
        DynamoReimbursementStore counting = new DynamoReimbursementStore(tables.client(),
                tables.table(PasserelleFunctions.REIMBURSEMENT_TABLE), tables.table(PasserelleFunctions.LEDGER_TABLE), metrics);
        // Paris and Seine-Saint-Denis of this test's own; the national cell is shared by the class: compare its change.
        String paris = "P" + prefix.substring(0, 5);
        String seineSaintDenis = "S" + prefix.substring(0, 5);
        LocalDate month = JUNE;
        long nationalBefore = paid(metrics, "ALL", month);
        String provider = prefix + "two-departments";
        ledger.redeem(provider, month, "A", WRITTEN, paris);
        ledger.redeem(provider, month.plusDays(1), "A", WRITTEN, seineSaintDenis);

        Run run = runs(counting).startScheduled(RUN_AT.plusSeconds(13));
        assertThat(runs(counting).execute(run.id(), clock.instant().plusSeconds(3600))).isEqualTo(ReimbursementRuns.Progress.DONE);

        Run done = counting.run(run.id()).orElseThrow();
        assertThat(done.status()).as(String.valueOf(done.problem())).isEqualTo(Run.Status.COMPLETED);
        Statement statement = counting.statement(run.id(), provider).orElseThrow();
        assertThat(statement.lines()).hasSize(2);
        assertThat(statement.payableCents()).isEqualTo(2 * 6000L);
        assertThat(paid(metrics, paris, month)).isEqualTo(6000L);
        assertThat(paid(metrics, seineSaintDenis, month)).isEqualTo(6000L);
        assertThat(paid(metrics, "ALL", month) - nationalBefore).isEqualTo(2 * 6000L);
    }

    private static long paid(DynamoMetrics metrics, String department, LocalDate month) {
        YearMonth m = YearMonth.from(month);
        return metrics.area(department, m).entrySet().stream()
                .filter(cell -> cell.getKey().month().equals(m) && cell.getKey().service().equals("psychologist"))
                .mapToLong(cell -> cell.getValue().getOrDefault(Counter.PAID_CENTS, 0L)).sum();
    }

    @Test
    void thePaymentFileIsAValidPain001WithOneTransferPerProviderWithAPositiveBalance() throws Exception {
        ledgers(4, 3);
        ReimbursementRuns runs = runs(store);
        Run run = runs.startScheduled(RUN_AT.plusSeconds(5));
        runs.execute(run.id(), RUN_AT.plusSeconds(3600));
        Run done = store.run(run.id()).orElseThrow();
        String xml = runs.paymentFile(run.id());

        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(getClass().getResource("/sepa/pain.001.001.09.xsd")).newValidator()
                .validate(new StreamSource(new StringReader(xml)));
        assertThat(xml).contains("<NbOfTxs>" + done.transfers() + "</NbOfTxs>")
                .contains("<CtrlSum>" + java.math.BigDecimal.valueOf(done.controlSumCents(), 2) + "</CtrlSum>")
                .contains("<MsgId>" + done.fileReference() + "</MsgId>")
                .contains("<Nm>Cabinet Elodie " + prefix + "0</Nm>");
        store.statements(run.id(), s -> assertThat(xml).contains("<EndToEndId>" + s.reference() + "</EndToEndId>"));
    }

    @Test
    void aStatementOfMoreLinesThanOneItemHoldsKeepsEveryLineAndItsTotal() {
        String provider = prefix + "big";
        int sessions = DynamoReimbursementStore.LINES_PER_ITEM + 12;
        for (int i = 0; i < sessions; i++) {
            ledger.redeem(provider, JUNE, "A", WRITTEN);
        }
        ReimbursementRuns runs = runs(store);
        Run run = runs.startScheduled(RUN_AT.plusSeconds(6));
        runs.execute(run.id(), RUN_AT.plusSeconds(3600));

        Statement s = store.statement(run.id(), provider).orElseThrow();
        assertThat(s.lines()).hasSize(sessions);
        assertThat(s.lines()).extracting(StatementLine::sequence).doesNotHaveDuplicates().contains(1L, (long) sessions);
        assertThat(s.payableCents()).isEqualTo(6000L * sessions);
        assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(Run.Status.COMPLETED);
    }

    /** A store whose process dies: after {@code commits} statements, or when the run starts its checks. */
    static final class Crash extends RuntimeException {
    }

    static final class CrashingStore implements ReimbursementStore {
        private final ReimbursementStore delegate;
        private final int commits;
        private final AtomicInteger done = new AtomicInteger();

        CrashingStore(ReimbursementStore delegate, int commits) {
            this.delegate = delegate;
            this.commits = commits;
        }

        @Override
        public Commit commit(Statement statement, Watermark from) {
            Commit c = delegate.commit(statement, from);
            if (done.incrementAndGet() == commits) {
                throw new Crash(); // committed, then the process died before going on
            }
            return c;
        }

        @Override
        public void statements(String runId, Consumer<StatementSummary> each) {
            throw new Crash();
        }

        @Override public boolean create(Run run) { return delegate.create(run); }
        @Override public Optional<Run> run(String runId) { return delegate.run(runId); }
        @Override public Page<Run> runs(String cursor, int limit) { return delegate.runs(cursor, limit); }
        @Override public void providersFound(String runId, int providers) { delegate.providersFound(runId, providers); }
        @Override public void ledgers(Consumer<Ledger> each) { delegate.ledgers(each); }
        @Override public Map<String, Watermark> watermarks(List<String> ids) { return delegate.watermarks(ids); }
        @Override public List<LedgerEntry> entriesAfter(String p, long after, int limit) { return delegate.entriesAfter(p, after, limit); }
        @Override public Optional<Statement> statement(String runId, String p) { return delegate.statement(runId, p); }
        @Override public void statementsWithLines(String runId, Consumer<Statement> each) { delegate.statementsWithLines(runId, each); }
        @Override public Page<StatementSummary> statementsOf(String p, String c, int l) { return delegate.statementsOf(p, c, l); }
        // The process dies once its statements are committed and checked, before the file is stored.
        @Override public void complete(String runId, String ref, String file, Instant at) { throw new Crash(); }
        @Override public void block(String runId, String problem, Instant at) { delegate.block(runId, problem, at); }
        @Override public Optional<String> paymentFile(String runId) { return delegate.paymentFile(runId); }
        @Override public void hold(Hold hold) { delegate.hold(hold); }
        @Override public List<Hold> holds(String runId) { return delegate.holds(runId); }
        @Override public Optional<Hold> lastHold(String providerId) { return delegate.lastHold(providerId); }
    }
}
