package eu.passerelle.functions.vouchers;

import eu.passerelle.Rejection;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.functions.PasserelleFunctions;
import eu.passerelle.functions.providers.DynamoProviderStore;
import eu.passerelle.functions.support.LocalTables;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;
import eu.passerelle.providers.Decision;
import eu.passerelle.providers.Forms;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderService;
import eu.passerelle.vouchers.MintRequest;
import eu.passerelle.vouchers.ProgrammeRules;
import eu.passerelle.vouchers.RuleDraft;
import eu.passerelle.vouchers.Service;
import eu.passerelle.vouchers.Verification;
import eu.passerelle.vouchers.Voucher;
import eu.passerelle.vouchers.VoucherCodes;
import eu.passerelle.vouchers.VoucherKeys;
import eu.passerelle.vouchers.VoucherService;
import eu.passerelle.vouchers.VoucherStatus;
import eu.passerelle.vouchers.VoucherTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Minting, the quota, giving back and checking, against the DynamoDB engine. */
class VoucherMintingTest {

    static LocalTables tables;
    static VoucherService vouchers;
    static ProgrammeRules rules;
    static DynamoVoucherStore store;
    static Provider psychologist;
    static Caller psychologistAccount;
    static final VoucherKeys KEYS = VoucherKeys.fromSeeds(Map.of(1, "a-local-test-seed-of-enough-length-000"), 1);
    static final AtomicInteger RPPS = new AtomicInteger(5_000_000);

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        DynamoProviderStore providers = new DynamoProviderStore(tables.client(), tables.table(PasserelleFunctions.PROVIDERS_TABLE));
        ProviderService providerService = new ProviderService(providers, PostalCodeDirectory.load(), Clock.systemUTC());
        psychologistAccount = new Caller(UUID.randomUUID().toString(), Set.of(Role.PROVIDER), null);
        Provider applied = providerService.apply(psychologistAccount, Forms.psychologistIn75018("200" + RPPS.incrementAndGet()));
        psychologist = providerService.decide(new Caller("agent", Set.of(Role.AGENT), null), applied.id(), Decision.APPROVE, null);
        store = new DynamoVoucherStore(tables.client(), tables.table(PasserelleFunctions.VOUCHERS_TABLE));
        rules = new ProgrammeRules(new DynamoRuleStore(tables.client(), tables.table(PasserelleFunctions.PROGRAMME_TABLE)),
                Clock.systemUTC());
        vouchers = new VoucherService(store, () -> rules, providers, () -> new VoucherCodes(KEYS), () -> new VoucherTokens(KEYS),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    private static Caller parent() {
        return new Caller(UUID.randomUUID().toString(), Set.of(Role.PARENT), null);
    }

    @Test
    void fiftyConcurrentRequestsYieldExactlyFiveVouchers() throws Exception {
        Caller parent = parent();
        ExecutorService pool = Executors.newFixedThreadPool(25);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Voucher>>> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            requests.add(pool.submit(() -> {
                start.await();
                return vouchers.mint(parent, new MintRequest("psychologist", null, 1, "A"));
            }));
        }
        start.countDown();
        int minted = 0;
        for (Future<List<Voucher>> f : requests) {
            try {
                minted += f.get().size();
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(Rejection.class,
                        r -> assertThat(r.type()).isIn("quota-exhausted", "busy"));
            }
        }
        pool.shutdown();
        assertThat(minted).isEqualTo(5);
        assertThat(vouchers.wallet(parent)).hasSize(5);
        assertThat(store.used(parent.subject(), Service.PSYCHOLOGIST)).isEqualTo(5);
    }

    @Test
    void aSixthIsRefusedWithAClearMessageAndAReturnRestoresTheQuota() {
        Caller parent = parent();
        List<Voucher> five = vouchers.mint(parent, new MintRequest("psychologist", psychologist.id(), 5, "B"));
        assertThat(five).hasSize(5).allSatisfy(v -> {
            assertThat(v.providerId()).isEqualTo(psychologist.id());
            assertThat(v.coPaymentCents()).isEqualTo(500);
            assertThat(v.tariffCents()).isEqualTo(5000);
            assertThat(v.ruleSequence()).isEqualTo(1);
            assertThat(v.expiresOn()).isEqualTo(vouchers.today().plusMonths(12));
        });
        assertThat(five).extracting(Voucher::id).doesNotHaveDuplicates();
        assertThatThrownBy(() -> vouchers.mint(parent, new MintRequest("psychologist", null, 1, "A")))
                .isInstanceOfSatisfying(Rejection.class, r -> {
                    assertThat(r.type()).isEqualTo("quota-exhausted");
                    assertThat(r.detail()).contains("5 séances");
                });
        Voucher returned = vouchers.giveBack(parent, five.get(0).id());
        assertThat(returned.status()).isEqualTo(VoucherStatus.RETURNED);
        assertThat(vouchers.remaining(parent, Service.PSYCHOLOGIST)).isEqualTo(1);
        assertThat(vouchers.mint(parent, new MintRequest("psychologist", null, 1, "A"))).hasSize(1);
        assertThatThrownBy(() -> vouchers.giveBack(parent, five.get(0).id()))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("not-returnable"));
        assertThat(vouchers.remaining(parent, Service.LAWYER)).isEqualTo(5);
    }

    @Test
    void aParentSeesOnlyTheirOwnVouchers() {
        Caller alice = parent();
        Caller bob = parent();
        Voucher v = vouchers.mint(alice, new MintRequest("lawyer", null, 1, "A")).get(0);
        assertThatThrownBy(() -> vouchers.own(bob, v.id())).isInstanceOfSatisfying(Rejection.class,
                r -> assertThat(r.type()).isEqualTo("unknown-voucher"));
        assertThatThrownBy(() -> vouchers.giveBack(bob, v.id())).isInstanceOf(Rejection.class);
        assertThat(vouchers.wallet(bob)).isEmpty();
    }

    @Test
    void requestsAreCheckedFieldByField() {
        assertThatThrownBy(() -> vouchers.mint(parent(), new MintRequest("astrology", null, 9, "Z")))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.pointers()).extracting(Rejection.Pointer::name)
                        .containsExactly("#/service", "#/sessions", "#/incomeTier"));
        assertThatThrownBy(() -> vouchers.mint(parent(), new MintRequest("lawyer", psychologist.id(), 1, "A")))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("provider-unavailable"));
    }

    @Test
    void theProviderVerifiesTheirCodeAndAOneCharacterChangeFails() {
        Caller parent = parent();
        Voucher v = vouchers.mint(parent, new MintRequest("psychologist", psychologist.id(), 1, "A")).get(0);
        Verification ok = vouchers.verify(psychologistAccount, v.code());
        assertThat(ok.valid()).isTrue();
        assertThat(ok.service()).isEqualTo("psychologist");
        String changed = v.code().substring(0, 6) + (v.code().charAt(6) == '7' ? '8' : '7') + v.code().substring(7);
        assertThat(vouchers.verify(psychologistAccount, changed).valid()).isFalse();
        String forged = new VoucherCodes(VoucherKeys.fromSeeds(Map.of(1, "a-forger-seed-of-enough-length-00000"), 1))
                .issue(Service.PSYCHOLOGIST, 99, null, LocalDate.now().plusMonths(6), 1).format();
        assertThat(vouchers.verify(psychologistAccount, forged).reason()).isEqualTo("unknown");
        vouchers.giveBack(parent, v.id());
        assertThat(vouchers.verify(psychologistAccount, v.code()).reason()).isEqualTo("returned");
    }

    @Test
    void theQrTokenVerifiesLikeItsCodeAndATamperedTokenIsUnknown() {
        Voucher v = vouchers.mint(parent(), new MintRequest("psychologist", psychologist.id(), 1, "A")).get(0);
        Verification scanned = vouchers.verify(psychologistAccount, v.token());
        assertThat(scanned).isEqualTo(vouchers.verify(psychologistAccount, v.code()));
        assertThat(scanned.valid()).isTrue();
        String[] parts = v.token().split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1);
        assertThat(vouchers.verify(psychologistAccount, tampered)).isEqualTo(new Verification(false, "unknown", null, null, null));
    }

    @Test
    void aCodeCutShortIsSaidToBeIncompleteNamingTheField() {
        Voucher v = vouchers.mint(parent(), new MintRequest("psychologist", psychologist.id(), 1, "A")).get(0);
        String cut = v.code().substring(0, v.code().length() - 4);
        assertThatThrownBy(() -> vouchers.verify(psychologistAccount, cut))
                .isInstanceOfSatisfying(Rejection.class, r -> {
                    assertThat(r.kind()).isEqualTo(Rejection.Kind.INVALID);
                    assertThat(r.type()).isEqualTo("incomplete-code");
                    assertThat(r.detail()).contains("incomplet").contains("manque 3 caractères");
                    assertThat(r.pointers()).extracting(Rejection.Pointer::name).containsExactly("#/code");
                });
    }

    @Test
    void anUnapprovedAccountCannotVerify() {
        assertThatThrownBy(() -> vouchers.verify(new Caller("stranger", Set.of(Role.PROVIDER), null), "PSY-1"))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("provider-not-approved"));
    }

    @Test
    void rulesArePublishedForTheFutureOnlyAndVouchersKeepTheirVersion() {
        LocalDate tomorrow = rules.today().plusDays(1);
        RuleDraft draft = new RuleDraft(tomorrow.toString(), 6, 18,
                Map.of("psychologist", 5500L, "family-mediator", 6000L, "lawyer", 8000L, "social-worker", 4000L),
                List.of(new RuleDraft.TierDraft("A", "QF < 900", 900, 0L), new RuleDraft.TierDraft("B", "QF ≥ 900", null, 400L)));
        assertThatThrownBy(() -> rules.publish(new Caller("agent", Set.of(Role.AGENT), null),
                new RuleDraft(rules.today().toString(), 6, 18, draft.tariffCents(), draft.tiers())))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.pointers()).extracting(Rejection.Pointer::name)
                        .containsExactly("#/validFrom"));
        var published = rules.publish(new Caller("agent", Set.of(Role.AGENT), null), draft);
        assertThat(published.sequence()).isEqualTo(2);
        assertThat(rules.ruleBook().versions()).hasSize(2);
        assertThat(rules.ruleBook().version(1).orElseThrow().validUntil()).isEqualTo(tomorrow);
        assertThat(rules.ruleBook().inForceOn(rules.today()).orElseThrow().sequence()).isEqualTo(1);
        assertThat(rules.ruleBook().inForceOn(tomorrow).orElseThrow().sequence()).isEqualTo(2);
        assertThatThrownBy(() -> rules.publish(new Caller("agent", Set.of(Role.AGENT), null), draft))
                .isInstanceOf(Rejection.class);
    }

    @Test
    void verificationsAreRateLimitedPerProvider() {
        // A minute of today: the counters carry a TTL two minutes on, which the store honours in real time.
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(10);
        String provider = "rate-" + UUID.randomUUID();
        for (int i = 0; i < 30; i++) {
            assertThat(store.countVerification(provider, now, 30)).isTrue();
        }
        assertThat(store.countVerification(provider, now, 30)).isFalse();
        assertThat(store.countVerification(provider, now.plusSeconds(60), 30)).isTrue();
    }

    @Test
    void declarationsAreCountedPerProviderApartFromVerifications() {
        // A minute of today: the counters carry a TTL two minutes on, which the store honours in real time.
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(10);
        String provider = "declarations-" + UUID.randomUUID();
        for (int i = 0; i < 30; i++) {
            assertThat(store.countDeclaration(provider, now, 30)).isTrue();
        }
        assertThat(store.countDeclaration(provider, now, 30)).isFalse();
        assertThat(store.countVerification(provider, now, 30)).as("verifications keep their own counter").isTrue();
        assertThat(store.countDeclaration(provider, now.plusSeconds(60), 30)).isTrue();
    }

    @Test
    void theThirtyFirstDeclarationOfAMinuteIsTooManyWithWhenToRetry() {
        java.time.Instant at = java.time.Instant.parse("2026-11-23T10:00:45Z");
        VoucherService atFixedTime = new VoucherService(store, () -> rules, null, () -> new VoucherCodes(KEYS),
                () -> new VoucherTokens(KEYS), Clock.fixed(at, java.time.ZoneOffset.UTC));
        Provider someone = new Provider("declarer-" + UUID.randomUUID(), psychologist.accountId(), psychologist.status(),
                psychologist.application(), psychologist.submittedAt(), psychologist.decidedAt(), psychologist.reason(),
                psychologist.version());
        for (int i = 0; i < 30; i++) {
            atFixedTime.admitDeclaration(someone);
        }
        assertThatThrownBy(() -> atFixedTime.admitDeclaration(someone)).isInstanceOfSatisfying(Rejection.class, r -> {
            assertThat(r.kind()).isEqualTo(Rejection.Kind.TOO_MANY_REQUESTS);
            assertThat(r.type()).isEqualTo("too-many-declarations");
            assertThat(r.retryAfter()).contains(java.time.Duration.ofSeconds(15));
        });
        assertThat(eu.passerelle.functions.http.Problems.of(Rejection.tooManyRequests("x", "X", "x",
                java.time.Duration.ofMillis(14_200)), "/p").headers()).containsEntry("retry-after", "15");
    }
}
