package eu.passerelle.functions.reimbursement;

import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.functions.PasserelleFunctions;
import eu.passerelle.functions.providers.DynamoProviderStore;
import eu.passerelle.functions.support.LocalTables;
import eu.passerelle.functions.support.MutableClock;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;
import eu.passerelle.providers.ApplicationForm;
import eu.passerelle.providers.Decision;
import eu.passerelle.providers.Forms;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderService;
import eu.passerelle.reimbursement.Ledgers;
import eu.passerelle.reimbursement.Pricing;
import eu.passerelle.reimbursement.ProviderPayees;
import eu.passerelle.reimbursement.ProviderStatements;
import eu.passerelle.reimbursement.ReimbursementRuns;
import eu.passerelle.reimbursement.ReimbursementStore;
import eu.passerelle.reimbursement.Run;
import eu.passerelle.reimbursement.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression (issue 12, C2): an approved provider who changed their IBAN was paid on it by the
 * next run, before anyone looked at it. Now the run pays only the last account an agent reviewed,
 * or holds the transfer with its reason; after the agent approves, the next run pays the new
 * account, once. On DynamoDB Local with the tables of template.yaml, through the real stores.
 */
class UnreviewedBankAccountTest {

    private static final String FIRST = "FR7630006000011234567890189";
    private static final String SECOND = "BE68539007547034";
    private static final LocalDate JUNE = LocalDate.of(2026, 6, 3);
    private static final Caller AGENT = new Caller("agent-bank", Set.of(Role.AGENT), null);
    private static final AtomicInteger RPPS = new AtomicInteger(2_000_000);

    private static LocalTables tables;
    private static LedgerFixture ledger;
    private static DynamoReimbursementStore reimbursements;
    private static DynamoProviderStore providers;
    private static PostalCodeDirectory postalCodes;

    /** Shared: runs are named by their time, so each test's runs come after the previous test's. */
    private static final MutableClock clock = new MutableClock(Instant.parse("2026-06-08T10:00:00Z"));

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        ledger = new LedgerFixture(tables);
        reimbursements = new DynamoReimbursementStore(tables.client(), tables.table(PasserelleFunctions.REIMBURSEMENT_TABLE),
                tables.table(PasserelleFunctions.LEDGER_TABLE));
        providers = new DynamoProviderStore(tables.client(), tables.table(PasserelleFunctions.PROVIDERS_TABLE));
        postalCodes = PostalCodeDirectory.load();
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    private ReimbursementRuns runs() {
        return new ReimbursementRuns(reimbursements, () -> new Pricing(Ledgers.twoVersions()), new ProviderPayees(providers),
                new SepaPaymentFiles(new SepaPaymentFiles.Debtor("Programme Passerelle", "FR7610107001011234567890129", "BNPAFRPP")),
                clock);
    }

    private Run run() {
        clock.advance(Duration.ofDays(7));
        ReimbursementRuns runs = runs();
        Run run = runs.startScheduled(clock.instant());
        assertThat(runs.execute(run.id(), clock.instant().plusSeconds(3600))).isEqualTo(ReimbursementRuns.Progress.DONE);
        Run done = reimbursements.run(run.id()).orElseThrow();
        assertThat(done.status()).as("a held provider never blocks the run").isEqualTo(Run.Status.COMPLETED);
        return done;
    }

    private String file(Run run) {
        return run.fileReference() == null ? "" : runs().paymentFile(run.id());
    }

    private static ApplicationForm withAccount(ApplicationForm f, String iban, String bic, boolean previousClosed) {
        return new ApplicationForm(f.displayName(), f.profession(), f.credential(), f.address(), f.area(), f.languages(),
                f.remoteSessions(), f.wheelchairAccessible(), f.contact(),
                new ApplicationForm.BankAccountForm(iban, bic, previousClosed), f.charter());
    }

    private void sessions(String providerId, int n) {
        for (int i = 0; i < n; i++) {
            ledger.redeem(providerId, JUNE, "A", clock.instant());
        }
    }

    @Test
    void aNewIbanIsNotPaidBeforeAnAgentApprovesItAfterApprovalTheNextRunPaysItOnceToTheNewAccount() {
        ProviderService service = new ProviderService(providers, postalCodes, clock);
        Caller caller = new Caller(UUID.randomUUID().toString(), Set.of(Role.PROVIDER), null);
        ApplicationForm form = Forms.psychologistIn75018(String.valueOf(RPPS.incrementAndGet()) + "100");
        Provider p = service.apply(caller, form);
        service.decide(AGENT, p.id(), Decision.APPROVE, null);
        // A bystander paid as usual all along: a held provider holds only themselves.
        Caller otherCaller = new Caller(UUID.randomUUID().toString(), Set.of(Role.PROVIDER), null);
        Provider other = service.apply(otherCaller, Forms.withBank(
                Forms.psychologistIn75018(String.valueOf(RPPS.incrementAndGet()) + "100"), "FR1420041010050500013M02606", "PSSTFRPP"));
        service.decide(AGENT, other.id(), Decision.APPROVE, null);

        // 1. The provider changes the IBAN: the next run pays the reviewed account, never the new one.
        sessions(p.id(), 2);
        sessions(other.id(), 1);
        service.correct(caller, withAccount(form, SECOND, "GEBABEBB", false));
        Run first = run();
        assertThat(reimbursements.statement(first.id(), p.id()).orElseThrow().payableCents()).isEqualTo(12_000);
        assertThat(file(first)).contains("<IBAN>" + FIRST + "</IBAN>").doesNotContain(SECOND);
        assertThat(runs().holds(first.id())).extracting(ReimbursementStore.Hold::providerId).doesNotContain(p.id(), other.id());

        // 2. Now the provider says the reviewed account is closed: the transfer is held, with its reason.
        sessions(p.id(), 1);
        sessions(other.id(), 1);
        service.correct(caller, withAccount(form, SECOND, "GEBABEBB", true));
        Run second = run();
        assertThat(reimbursements.statement(second.id(), p.id())).as("nothing settled: the session waits").isEmpty();
        assertThat(reimbursements.statement(second.id(), other.id())).isPresent();
        assertThat(runs().holds(second.id())).filteredOn(h -> h.providerId().equals(p.id())).singleElement().satisfies(h -> {
            assertThat(h.providerId()).isEqualTo(p.id());
            assertThat(h.sessions()).isEqualTo(1);
            assertThat(h.waitingCents()).isEqualTo(6_000);
            assertThat(h.reason()).contains("en attente de vérification");
        });
        assertThat(file(second)).doesNotContain(SECOND).contains("<IBAN>FR1420041010050500013M02606</IBAN>");
        assertThat(runs().holds(second.id())).extracting(ReimbursementStore.Hold::providerId).doesNotContain(other.id());
        ProviderStatements statements = new ProviderStatements(reimbursements, providers);
        assertThat(statements.held(caller)).map(ReimbursementStore.Hold::waitingCents).contains(6_000L);
        Run stillWaiting = run();
        assertThat(reimbursements.statement(stillWaiting.id(), p.id())).as("held until the review, run after run").isEmpty();

        // 3. The agent approves the change: the next run pays the new account, the held session included, once.
        service.decideBankChange(AGENT, p.id(), ProviderService.BankDecision.APPROVE, null, SECOND);
        sessions(p.id(), 1);
        Run third = run();
        Statement paid = reimbursements.statement(third.id(), p.id()).orElseThrow();
        assertThat(paid.lines()).extracting(l -> l.sequence()).containsExactly(3L, 4L);
        assertThat(paid.payableCents()).isEqualTo(12_000);
        assertThat(file(third)).contains("<IBAN>" + SECOND + "</IBAN>").doesNotContain("<IBAN>" + FIRST + "</IBAN>");
        assertThat(statements.held(caller)).as("paid since: no longer shown as held").isEmpty();

        Run fourth = run();
        assertThat(reimbursements.statement(fourth.id(), p.id())).as("paid once").isEmpty();
        assertThat(file(fourth)).doesNotContain(SECOND);
    }

    @Test
    void aHeldProviderWhoseStatementWouldPayNothingIsSettledAsUsualAndOweBackIsCarried() {
        ProviderService service = new ProviderService(providers, postalCodes, clock);
        Caller caller = new Caller(UUID.randomUUID().toString(), Set.of(Role.PROVIDER), null);
        ApplicationForm form = Forms.psychologistIn75018(String.valueOf(RPPS.incrementAndGet()) + "100");
        Provider p = service.apply(caller, form);
        service.decide(AGENT, p.id(), Decision.APPROVE, null);
        var paid = ledger.redeem(p.id(), JUNE, "A", clock.instant());
        Run first = run();
        assertThat(reimbursements.statement(first.id(), p.id()).orElseThrow().payableCents()).isEqualTo(6_000);

        // Cancelled after payment while the provider's account is held: a negative line, no money moves.
        ledger.cancel(paid, "A", clock.instant());
        service.correct(caller, withAccount(form, SECOND, "GEBABEBB", true));
        Run second = run();
        Statement reversal = reimbursements.statement(second.id(), p.id()).orElseThrow();
        assertThat(reversal.payableCents()).isZero();
        assertThat(reversal.carriedOutCents()).isEqualTo(-6_000);
        assertThat(runs().holds(second.id())).extracting(ReimbursementStore.Hold::providerId).doesNotContain(p.id());

        // A new session is held (nothing may be paid): the debt still waits with it.
        ledger.redeem(p.id(), JUNE, "A", clock.instant());
        ledger.redeem(p.id(), JUNE, "A", clock.instant());
        Run third = run();
        assertThat(runs().holds(third.id())).filteredOn(h -> h.providerId().equals(p.id())).singleElement()
                .satisfies(h -> assertThat(h.waitingCents()).as("two sessions less the debt").isEqualTo(6_000));
        assertThat(reimbursements.statement(third.id(), p.id())).isEmpty();
    }
}
