package eu.passerelle.functions.providers;

import eu.passerelle.Rejection;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.functions.PasserelleFunctions;
import eu.passerelle.functions.support.LocalTables;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;
import eu.passerelle.providers.AuditEntry;
import eu.passerelle.providers.Decision;
import eu.passerelle.providers.Forms;
import eu.passerelle.providers.LiveProviderDirectory;
import eu.passerelle.providers.Page;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderService;
import eu.passerelle.providers.ProviderStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Provider records through the service and the DynamoDB adapter, against the DynamoDB engine. */
class ProviderRecordsTest {

    static LocalTables tables;
    static DynamoProviderStore store;
    static ProviderService service;
    static final AtomicInteger RPPS = new AtomicInteger(1_000_000);

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        store = new DynamoProviderStore(tables.client(), tables.table(PasserelleFunctions.PROVIDERS_TABLE));
        service = new ProviderService(store, PostalCodeDirectory.load(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    private static Caller provider() {
        return new Caller(UUID.randomUUID().toString(), Set.of(Role.PROVIDER), null);
    }

    private static final Caller AGENT = new Caller("agent-1", Set.of(Role.AGENT), null);

    private static String nextRpps() {
        return "100" + RPPS.incrementAndGet();
    }

    @Test
    void anApplicationIsStoredWithItsAuditTrailAndReadBack() {
        Caller caller = provider();
        Provider applied = service.apply(caller, Forms.psychologistIn75018(nextRpps()));
        Provider read = service.own(caller);
        assertThat(read).isEqualTo(applied);
        assertThat(read.status()).isEqualTo(ProviderStatus.SUBMITTED);
        assertThat(store.audit(applied.id())).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("apply");
            assertThat(e.actor()).isEqualTo(caller.subject());
            assertThat(e.after()).containsEntry("status", "submitted");
        });
    }

    @Test
    void oneApplicationPerAccountAndOneAccountPerCredential() {
        Caller caller = provider();
        String rpps = nextRpps();
        service.apply(caller, Forms.psychologistIn75018(rpps));
        assertThatThrownBy(() -> service.apply(caller, Forms.psychologistIn75018(nextRpps())))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("already-applied"));
        assertThatThrownBy(() -> service.apply(provider(), Forms.psychologistIn75018(rpps)))
                .isInstanceOfSatisfying(Rejection.class, r -> {
                    assertThat(r.type()).isEqualTo("credential-taken");
                    assertThat(r.pointers()).extracting(Rejection.Pointer::name).containsExactly("#/credential/number");
                });
    }

    @Test
    void concurrentApplicationsWithOneCredentialYieldExactlyOneRecord() throws Exception {
        String rpps = nextRpps();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Provider>> attempts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Callable<Provider> attempt = () -> service.apply(provider(), Forms.psychologistIn75018(rpps));
            attempts.add(pool.submit(attempt));
        }
        int created = 0;
        for (Future<Provider> f : attempts) {
            try {
                f.get();
                created++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(Rejection.class,
                        r -> assertThat(r.type()).isIn("credential-taken", "concurrent-change"));
            }
        }
        pool.shutdown();
        assertThat(created).isEqualTo(1);
    }

    @Test
    void agentsDecideAndEveryDecisionIsAudited() {
        Caller caller = provider();
        Provider p = service.apply(caller, Forms.psychologistIn75018(nextRpps()));
        long before = store.directoryVersion();
        assertThatThrownBy(() -> service.decide(AGENT, p.id(), Decision.REJECT, " "))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("reason-required"));
        service.decide(AGENT, p.id(), Decision.APPROVE, null);
        assertThat(store.directoryVersion()).isGreaterThan(before);
        assertThat(store.approved()).extracting(Provider::id).contains(p.id());
        service.decide(AGENT, p.id(), Decision.SUSPEND, "Inscription au registre à vérifier");
        assertThat(store.approved()).extracting(Provider::id).doesNotContain(p.id());
        assertThat(service.own(caller).reason()).isEqualTo("Inscription au registre à vérifier");
        service.decide(AGENT, p.id(), Decision.REINSTATE, null);
        assertThatThrownBy(() -> service.decide(AGENT, p.id(), Decision.APPROVE, null))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("invalid-transition"));

        List<AuditEntry> trail = store.audit(p.id());
        assertThat(trail).extracting(AuditEntry::action).containsExactly("apply", "approve", "suspend", "reinstate");
        assertThat(trail.get(2).before()).containsEntry("status", "approved");
        assertThat(trail.get(2).after()).containsEntry("status", "suspended");
        assertThat(trail.get(2).actor()).isEqualTo("agent-1");
        assertThat(trail.get(2).reason()).isEqualTo("Inscription au registre à vérifier");
    }

    @Test
    void aConcurrentChangeIsRefusedNotLost() {
        Provider p = service.apply(provider(), Forms.psychologistIn75018(nextRpps()));
        Provider stale = store.find(p.id()).orElseThrow();
        service.decide(AGENT, p.id(), Decision.APPROVE, null);
        assertThatThrownBy(() -> store.update(stale, stale.withStatus(ProviderStatus.REJECTED, Instant.now(), "x"),
                new AuditEntry(p.id(), Instant.now(), "agent-2", "agent", "reject", java.util.Map.of(), java.util.Map.of(), "x"),
                true)).isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("concurrent-change"));
        assertThat(store.find(p.id()).orElseThrow().status()).isEqualTo(ProviderStatus.APPROVED);
        assertThat(store.audit(p.id())).extracting(AuditEntry::action).containsExactly("apply", "approve");
    }

    @Test
    void anApprovedProvidersNewBankAccountIsStoredAsAPendingChangeAndQueuedForAgents() {
        Caller caller = provider();
        String rpps = nextRpps();
        Provider p = service.apply(caller, Forms.psychologistIn75018(rpps));
        service.decide(AGENT, p.id(), Decision.APPROVE, null);
        Provider languagesOnly = service.correct(caller, Forms.withArea(Forms.psychologistIn75018(rpps),
                new eu.passerelle.providers.ApplicationForm.AreaForm(25, List.of("75"))));
        assertThat(languagesOnly.status()).isEqualTo(ProviderStatus.APPROVED);
        Provider newBank = service.correct(caller, Forms.withBank(Forms.psychologistIn75018(rpps), "BE68539007547034", "GEBABEBB"));
        assertThat(newBank.status()).as("still approved: the bank change is reviewed apart").isEqualTo(ProviderStatus.APPROVED);
        assertThat(store.approved()).extracting(Provider::id).contains(p.id());

        Provider stored = store.find(p.id()).orElseThrow();
        assertThat(stored).isEqualTo(newBank);
        assertThat(stored.bank().reviewed().account().iban()).isEqualTo("FR7630006000011234567890189");
        assertThat(stored.bank().reviewed().reviewedBy()).isEqualTo(AGENT.subject());
        assertThat(stored.bank().pending().account().iban()).isEqualTo("BE68539007547034");
        assertThat(stored.bank().pending().requestedBy()).isEqualTo(caller.subject());
        assertThat(pendingIds()).contains(p.id());
        assertThat(store.audit(p.id())).extracting(AuditEntry::action).endsWith("update-profile", "request-bank-change");
        assertThat(store.audit(p.id()).get(3).after().get("bankAccount")).doesNotContain("539007547034").contains("7034");
        assertThat(store.audit(p.id()).get(3).actor()).isEqualTo(caller.subject());

        service.decideBankChange(AGENT, p.id(), ProviderService.BankDecision.APPROVE, null, "BE68539007547034");
        Provider decided = store.find(p.id()).orElseThrow();
        assertThat(decided.bank().reviewed().account().iban()).isEqualTo("BE68539007547034");
        assertThat(decided.bank().pending()).isNull();
        assertThat(pendingIds()).as("out of the sparse index once decided").doesNotContain(p.id());
        AuditEntry approval = store.audit(p.id()).get(4);
        assertThat(approval.action()).isEqualTo("approve-bank-change");
        assertThat(approval.actor()).isEqualTo(AGENT.subject());
        assertThat(approval.after()).containsEntry("requestedBy", caller.subject());
    }

    @Test
    void aRejectedChangeAndAClosedPreviousAccountAreStoredAndReadBack() {
        Caller caller = provider();
        String rpps = nextRpps();
        Provider p = service.apply(caller, Forms.psychologistIn75018(rpps));
        service.decide(AGENT, p.id(), Decision.APPROVE, null);
        var f = Forms.psychologistIn75018(rpps);
        service.correct(caller, new eu.passerelle.providers.ApplicationForm(f.displayName(), f.profession(), f.credential(),
                f.address(), f.area(), f.languages(), f.remoteSessions(), f.wheelchairAccessible(), f.contact(),
                new eu.passerelle.providers.ApplicationForm.BankAccountForm("BE68539007547034", "GEBABEBB", true), f.charter()));
        assertThat(store.find(p.id()).orElseThrow().bank().holdReason()).isPresent();
        service.decideBankChange(AGENT, p.id(), ProviderService.BankDecision.REJECT, "Compte d'un tiers.", null);
        Provider rejected = store.find(p.id()).orElseThrow();
        assertThat(rejected.bank().lastRejection().reason()).isEqualTo("Compte d'un tiers.");
        assertThat(rejected.bank().lastRejection().previousAccountClosed()).isTrue();
        assertThat(rejected.bank().lastRejection().decidedBy()).isEqualTo(AGENT.subject());
        assertThat(rejected.application().bankAccount().iban()).isEqualTo("FR7630006000011234567890189");
        assertThat(rejected.bank().holdReason()).as("the reviewed account is closed: still held").isPresent();
    }

    @Test
    void aRecordStoredBeforeBankReviewsIsReadWithItsAccountReviewedWhenApproved() {
        Caller caller = provider();
        Provider p = service.apply(caller, Forms.psychologistIn75018(nextRpps()));
        service.decide(AGENT, p.id(), Decision.APPROVE, null);
        tables.client().updateItem(u -> u.tableName(tables.table(PasserelleFunctions.PROVIDERS_TABLE))
                .key(java.util.Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("PROVIDER#" + p.id()),
                        "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("PROFILE")))
                .updateExpression("REMOVE bank"));
        Provider legacy = store.find(p.id()).orElseThrow();
        assertThat(legacy.bank().reviewed().account().iban()).isEqualTo("FR7630006000011234567890189");
        assertThat(legacy.bank().pending()).isNull();
    }

    private java.util.List<String> pendingIds() {
        java.util.List<String> ids = new java.util.ArrayList<>();
        String cursor = null;
        do {
            var page = store.listPendingBankChanges(cursor, 2);
            page.items().forEach(x -> ids.add(x.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }

    @Test
    void queuesArePagedWithOpaqueCursors() {
        for (int i = 0; i < 5; i++) {
            service.apply(provider(), Forms.psychologistIn75018(nextRpps()));
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Provider> page = service.queue(ProviderStatus.SUBMITTED, cursor, 2);
            page.items().forEach(p -> assertThat(seen.add(p.id())).isTrue());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(seen.size()).isGreaterThanOrEqualTo(5);
        assertThatThrownBy(() -> service.queue(ProviderStatus.SUBMITTED, "not-a-cursor", 2))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("invalid-cursor"));
    }

    @Test
    void theLiveDirectoryFollowsApprovalsAfterItsCheckInterval() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        LiveProviderDirectory live = new LiveProviderDirectory(store, clock, Duration.ofSeconds(2));
        int before = live.current().size();
        Provider p = service.apply(provider(), Forms.psychologistIn75018(nextRpps()));
        service.decide(AGENT, p.id(), Decision.APPROVE, null);
        assertThat(live.current().size()).as("not checked again yet").isEqualTo(before);
        clock.advance(Duration.ofSeconds(3));
        assertThat(live.current().size()).isEqualTo(before + 1);
        assertThat(live.current().find(p.id())).isPresent();
        service.decide(AGENT, p.id(), Decision.SUSPEND, "Contrôle en cours");
        clock.advance(Duration.ofSeconds(3));
        assertThat(live.current().find(p.id())).isEmpty();
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
