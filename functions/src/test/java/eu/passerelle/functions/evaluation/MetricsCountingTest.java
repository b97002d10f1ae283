package eu.passerelle.functions.evaluation;

import eu.passerelle.directory.Country;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.evaluation.AreaMonth;
import eu.passerelle.evaluation.Counter;
import eu.passerelle.evaluation.Evaluation;
import eu.passerelle.functions.PasserelleFunctions;
import eu.passerelle.functions.providers.DynamoProviderStore;
import eu.passerelle.functions.redemption.DynamoRedemptionStore;
import eu.passerelle.functions.support.LocalTables;
import eu.passerelle.functions.vouchers.DynamoRuleStore;
import eu.passerelle.functions.vouchers.DynamoSavedAnswers;
import eu.passerelle.functions.vouchers.DynamoVoucherStore;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;
import eu.passerelle.privacy.ParentData;
import eu.passerelle.providers.Decision;
import eu.passerelle.providers.Forms;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderService;
import eu.passerelle.questionnaire.Answers;
import eu.passerelle.redemption.Redemption;
import eu.passerelle.redemption.RedemptionStatus;
import eu.passerelle.redemption.RedemptionStore;
import eu.passerelle.redemption.VoucherFacts;
import eu.passerelle.signals.ProviderMonth;
import eu.passerelle.vouchers.MintRequest;
import eu.passerelle.vouchers.ParentPlaces;
import eu.passerelle.vouchers.ProgrammeRules;
import eu.passerelle.vouchers.Service;
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
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordination counters, written in the transactions of the events they count, against
 * the DynamoDB engine: each event counted once whatever is retried or raced.
 */
class MetricsCountingTest {

    static final VoucherKeys KEYS = VoucherKeys.fromSeeds(Map.of(1, "a-local-test-seed-of-enough-length-000"), 1);
    static LocalTables tables;
    static DynamoMetrics metrics;
    static DynamoVoucherStore voucherStore;
    static VoucherService vouchers;
    static DynamoRedemptionStore redemptions;
    static DynamoProviderStore providerStore;
    static ProviderService providers;
    static Provider psychologist;
    static PostalCodeDirectory postalCodes;

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        String metricsTable = tables.table(PasserelleFunctions.METRICS_TABLE);
        String vouchersTable = tables.table(PasserelleFunctions.VOUCHERS_TABLE);
        metrics = new DynamoMetrics(tables.client(), metricsTable);
        postalCodes = PostalCodeDirectory.load();
        providerStore = new DynamoProviderStore(tables.client(), tables.table(PasserelleFunctions.PROVIDERS_TABLE), metricsTable);
        providers = new ProviderService(providerStore, postalCodes, Clock.systemUTC());
        Caller account = new Caller(UUID.randomUUID().toString(), Set.of(Role.PROVIDER), null);
        Provider applied = providers.apply(account, Forms.psychologistIn75018("2009876543"));
        psychologist = providers.decide(new Caller("agent", Set.of(Role.AGENT), null), applied.id(), Decision.APPROVE, null);
        voucherStore = new DynamoVoucherStore(tables.client(), vouchersTable, metricsTable);
        ProgrammeRules rules = new ProgrammeRules(new DynamoRuleStore(tables.client(),
                tables.table(PasserelleFunctions.PROGRAMME_TABLE)), Clock.systemUTC());
        vouchers = new VoucherService(voucherStore, () -> rules, providerStore, () -> new VoucherCodes(KEYS),
                () -> new VoucherTokens(KEYS), Clock.systemUTC(),
                code -> postalCodes.find(code.length() == 4 ? Country.BE : Country.FR, code)
                        .map(a -> new ParentPlaces.ParentPlace(a.area().code(), a.location())));
        redemptions = new DynamoRedemptionStore(tables.client(), tables.table(PasserelleFunctions.LEDGER_TABLE), vouchersTable,
                new RedemptionMetrics(metricsTable, providerStore::find));
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    static Caller parent() {
        return new Caller(UUID.randomUUID().toString(), Set.of(Role.PARENT), null);
    }

    static long count(String area, String service, YearMonth month, Counter counter) {
        return metrics.area(area, month).getOrDefault(new AreaMonth(area, month, service), Map.of()).getOrDefault(counter, 0L);
    }

    static YearMonth now() {
        return Evaluation.month(Instant.now());
    }

    @Test
    void anApprovalCountsAnActiveProviderAndASuspensionTakesItBack() {
        assertThat(count("75", "psychologist", now(), Counter.PROVIDERS_DELTA)).isEqualTo(1);
        assertThat(metrics.profile(psychologist.id()).approvedAt()).isNotNull();
        Caller account = new Caller(UUID.randomUUID().toString(), Set.of(Role.PROVIDER), null);
        Provider other = providers.apply(account, Forms.psychologistIn75018("2001112223"));
        Caller agent = new Caller("agent", Set.of(Role.AGENT), null);
        other = providers.decide(agent, other.id(), Decision.APPROVE, null);
        assertThat(count("75", "psychologist", now(), Counter.PROVIDERS_DELTA)).isEqualTo(2);
        providers.decide(agent, other.id(), Decision.SUSPEND, "Enquête en cours");
        assertThat(count("75", "psychologist", now(), Counter.PROVIDERS_DELTA)).isEqualTo(1);
        assertThat(count(AreaMonth.NATIONAL, "psychologist", now(), Counter.PROVIDERS_DELTA)).isEqualTo(1);
    }

    @Test
    void mintingCountsVouchersMoneyAndTheParentOnceInTheParentsDepartment() {
        Caller parent = parent();
        List<Voucher> first = vouchers.mint(parent, new MintRequest("lawyer", null, 2, "A", "13006"));
        assertThat(first).allSatisfy(v -> assertThat(v.department()).isEqualTo("13"));
        vouchers.mint(parent, new MintRequest("lawyer", null, 1, "A", "13006"));
        assertThat(count("13", "lawyer", now(), Counter.ISSUED)).isEqualTo(3);
        assertThat(count("13", "lawyer", now(), Counter.PARENTS_HELPED)).isEqualTo(1);
        long owed = Evaluation.owed(first.get(0).tariffCents(), first.get(0).coPaymentCents());
        assertThat(count("13", "lawyer", now(), Counter.COMMITTED_CENTS)).isEqualTo(3 * owed);
        vouchers.giveBack(parent, first.get(0).id());
        assertThat(count("13", "lawyer", now(), Counter.RETURNED)).isEqualTo(1);
        assertThat(count("13", "lawyer", now(), Counter.COMMITTED_CENTS)).isEqualTo(2 * owed);
        assertThat(voucherStore.find(first.get(0).id()).orElseThrow()).extracting(Voucher::status).isEqualTo(VoucherStatus.RETURNED);
    }

    @Test
    void concurrentFirstMintsOfOneParentCountThemOnce() throws Exception {
        Caller parent = parent();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(pool.submit(() -> {
                go.await();
                try {
                    vouchers.mint(parent, new MintRequest("social-worker", null, 1, "A", "69003"));
                } catch (eu.passerelle.Rejection refusedPastTheQuota) {
                    // expected for five of them
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : calls) {
            f.get();
        }
        pool.shutdown();
        assertThat(count("69", "social-worker", now(), Counter.PARENTS_HELPED)).isEqualTo(1);
        assertThat(count("69", "social-worker", now(), Counter.ISSUED)).isEqualTo(5);
    }

    @Test
    void aRedemptionAppliedTwiceCountsOnceWithItsDistanceAndACancellationUndoesIt() {
        Caller parent = parent();
        // A parent in Marseille 1er (13001) redeeming with a psychologist in Paris 18e: the distance is ~660 km.
        Voucher v = vouchers.mint(parent, new MintRequest("psychologist", null, 1, "A", "13001")).get(0);
        LocalDate today = LocalDate.now(Evaluation.ZONE);
        Instant now = Instant.now();
        Redemption r = new Redemption("R" + UUID.randomUUID().toString().substring(0, 8), psychologist.id(), v.id(), v.code(),
                "psychologist", today, RedemptionStatus.PENDING, null, now, now, null);
        redemptions.open(r, new RedemptionStore.Claim(1, r.id()), null);
        long sessionsBefore = sessions(YearMonth.from(today));
        VoucherFacts facts = voucherStore.facts(v.id()).orElseThrow();
        assertThat(facts.department()).isEqualTo("13");
        assertThat(redemptions.apply(r, facts, now)).isEqualTo(RedemptionStore.Outcome.APPLIED);
        assertThat(redemptions.apply(r, facts, now)).isEqualTo(RedemptionStore.Outcome.ALREADY_DONE);
        YearMonth month = YearMonth.from(today);
        assertThat(count("13", "psychologist", month, Counter.REDEEMED)).isEqualTo(1);
        assertThat(count("13", "psychologist", month, Counter.DISTANCE_OVER_30)).isEqualTo(1);
        assertThat(count("13", "psychologist", month, Counter.DISTANCE_METRES)).isBetween(600_000L, 700_000L);
        ProviderMonth row = metrics.providerMonths(month).stream().filter(m -> m.providerId().equals(psychologist.id()))
                .findFirst().orElseThrow();
        assertThat(row.sessions()).isEqualTo(sessionsBefore + 1);
        assertThat(row.department()).isEqualTo("75");
        assertThat(row.on(today.getDayOfWeek())).isEqualTo(sessionsBefore + 1);
        assertThat(metrics.days(psychologist.id(), month)).singleElement()
                .satisfies(d -> assertThat(d.sessions()).isEqualTo(sessionsBefore + 1));

        Redemption applied = redemptions.find(r.id()).orElseThrow();
        redemptions.cancel(applied, voucherStore.facts(v.id()).orElseThrow(), Instant.now());
        assertThat(count("13", "psychologist", month, Counter.REDEEMED)).isZero();
        assertThat(count("13", "psychologist", month, Counter.DISTANCE_COUNT)).isZero();
        assertThat(sessions(month)).isEqualTo(sessionsBefore);
    }

    /** The psychologist's sessions this month so far (other tests of this class redeem with them too). */
    static long sessions(YearMonth month) {
        return metrics.providerMonths(month).stream().filter(m -> m.providerId().equals(psychologist.id()))
                .mapToLong(ProviderMonth::sessions).sum();
    }

    @Test
    void theExpiryRunCountsAnUnusedVoucherOnceAndSetsItsRetention() {
        Caller parent = parent();
        LocalDate lastDay = LocalDate.now(Evaluation.ZONE).minusDays(10);
        Instant issued = lastDay.minusMonths(12).atStartOfDay(Evaluation.ZONE).toInstant();
        Voucher v = new Voucher("V" + UUID.randomUUID().toString().substring(0, 10).toUpperCase(), "CODE", "TOKEN",
                Service.FAMILY_MEDIATOR, null, null, parent.subject(), 1, issued, lastDay, VoucherStatus.ISSUED, issued, "A",
                0, 7000, "33", "33000", null);
        voucherStore.mint(parent.subject(), Service.FAMILY_MEDIATOR, List.of(v), 5);
        assertThat(voucherStore.expire(lastDay)).isEqualTo(1);
        assertThat(voucherStore.expire(lastDay)).isZero();
        YearMonth month = YearMonth.from(lastDay);
        assertThat(count("33", "family-mediator", month, Counter.EXPIRED)).isEqualTo(1);
        var item = tables.client().getItem(g -> g.tableName(tables.table(PasserelleFunctions.VOUCHERS_TABLE))
                .key(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("VOUCHER#" + v.id()),
                        "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("VOUCHER")))).item();
        assertThat(Long.parseLong(item.get("expiresAt").n()))
                .isEqualTo(eu.passerelle.privacy.Retention.unusedVoucherDeleteAfter(lastDay).getEpochSecond());
    }

    @Test
    void paidIsACounterTheSettlementAdds() {
        metrics.recordPaid("44", YearMonth.of(2026, 2), "lawyer", 12_345);
        metrics.recordPaid("44", YearMonth.of(2026, 2), "lawyer", -345);
        assertThat(count("44", "lawyer", YearMonth.of(2026, 2), Counter.PAID_CENTS)).isEqualTo(12_000);
        assertThat(count(AreaMonth.NATIONAL, "lawyer", YearMonth.of(2026, 2), Counter.PAID_CENTS)).isEqualTo(12_000);
    }

    @Test
    void closedDaysAreKeptOnTheProvidersProfile() {
        metrics.closedDays(psychologist.id(), Set.of(DayOfWeek.SUNDAY, DayOfWeek.SATURDAY));
        assertThat(metrics.profile(psychologist.id()).closedDays()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        assertThat(metrics.profiles(List.of(psychologist.id(), "unknown"))).containsOnlyKeys(psychologist.id());
    }

    @Test
    void anErasedParentLeavesPseudonymousUsedVouchersAndNothingElse() {
        Caller parent = parent();
        DynamoSavedAnswers answers = new DynamoSavedAnswers(tables.client(), tables.table(PasserelleFunctions.VOUCHERS_TABLE));
        answers.save(parent.subject(), new Answers("recent", "young", "tense", null, null, null, "safe", "FR"), Instant.now(),
                Instant.now().plusSeconds(3600));
        List<Voucher> minted = vouchers.mint(parent, new MintRequest("psychologist", null, 2, "A", "31000"));
        Voucher used = minted.get(0);
        Instant now = Instant.now();
        Redemption r = new Redemption("R" + UUID.randomUUID().toString().substring(0, 8), psychologist.id(), used.id(),
                used.code(), "psychologist", LocalDate.now(Evaluation.ZONE), RedemptionStatus.PENDING, null, now, now, null);
        redemptions.open(r, new RedemptionStore.Claim(1, r.id()), null);
        redemptions.apply(r, voucherStore.facts(used.id()).orElseThrow(), now);
        List<String> accountsDeleted = new java.util.ArrayList<>();
        ParentData data = new ParentData(voucherStore, answers, accountsDeleted::add, Clock.systemUTC());

        ParentData.Export export = data.export(parent);
        assertThat(export.vouchers()).hasSize(2);
        assertThat(export.questionnaire()).isPresent();
        assertThat(export.sessionsUsed()).containsEntry("psychologist", 2);

        ParentData.Erasure erasure = data.erase(parent);
        assertThat(erasure.vouchers()).isEqualTo(2);
        assertThat(erasure.questionnaireDeleted()).isTrue();
        assertThat(accountsDeleted).containsExactly(parent.subject());
        ParentData.Export after = data.export(parent);
        assertThat(after.vouchers()).isEmpty();
        assertThat(after.questionnaire()).isEmpty();
        assertThat(after.sessionsUsed()).isEmpty();
        // The redeemed voucher stays for the payment records, without its parent; the unused one is voided.
        Voucher kept = voucherStore.find(used.id()).orElseThrow();
        assertThat(kept.parentId()).isEqualTo(DynamoVoucherStore.ERASED);
        assertThat(kept.status()).isEqualTo(VoucherStatus.REDEEMED);
        assertThat(kept.parentPostalCode()).isNull();
        assertThat(kept.parentLocation()).isNull();
        assertThat(redemptions.find(r.id()).orElseThrow().status()).isEqualTo(RedemptionStatus.APPLIED);
        assertThat(voucherStore.find(minted.get(1).id()).orElseThrow().status()).isEqualTo(VoucherStatus.RETURNED);
        YearMonth month = now();
        assertThat(count("31", "psychologist", month, Counter.RETURNED)).isEqualTo(1);
        assertThat(count("31", "psychologist", month, Counter.REDEEMED)).isEqualTo(1);
    }
}
