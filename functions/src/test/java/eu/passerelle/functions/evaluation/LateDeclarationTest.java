package eu.passerelle.functions.evaluation;

import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.evaluation.AreaMonth;
import eu.passerelle.evaluation.Counter;
import eu.passerelle.functions.PasserelleFunctions;
import eu.passerelle.functions.providers.DynamoProviderStore;
import eu.passerelle.functions.redemption.DynamoRedemptionStore;
import eu.passerelle.functions.support.LocalTables;
import eu.passerelle.functions.support.MutableClock;
import eu.passerelle.functions.vouchers.DynamoRuleStore;
import eu.passerelle.functions.vouchers.DynamoVoucherStore;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;
import eu.passerelle.providers.Decision;
import eu.passerelle.providers.Forms;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderService;
import eu.passerelle.redemption.Redemption;
import eu.passerelle.redemption.RedemptionForm;
import eu.passerelle.redemption.RedemptionMessage;
import eu.passerelle.redemption.RedemptionService;
import eu.passerelle.vouchers.MintRequest;
import eu.passerelle.vouchers.ProgrammeRules;
import eu.passerelle.vouchers.Voucher;
import eu.passerelle.vouchers.VoucherCodes;
import eu.passerelle.vouchers.VoucherExpiry;
import eu.passerelle.vouchers.VoucherKeys;
import eu.passerelle.vouchers.VoucherService;
import eu.passerelle.vouchers.VoucherTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session held on a voucher's last day and declared a few days later, after the daily expiry
 * job counted the voucher unused, against DynamoDB Local: the voucher counts as used, not as
 * both used and expired (the money committed would go below zero), and it loses the expiry's
 * deletion date (found while modelling expiry for MoneyPathModelTest, whose figures now check it).
 */
class LateDeclarationTest {

    static final VoucherKeys KEYS = VoucherKeys.fromSeeds(Map.of(1, "a-late-declaration-test-seed-long-enough"), 1);
    static LocalTables tables;

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    @Test
    void aSessionOfTheLastDayDeclaredAfterTheExpiryCountIsUsedNotExpiredAndNoLongerDeletable() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        String metricsTable = tables.table(PasserelleFunctions.METRICS_TABLE);
        String vouchersTable = tables.table(PasserelleFunctions.VOUCHERS_TABLE);
        DynamoMetrics metrics = new DynamoMetrics(tables.client(), metricsTable);
        DynamoProviderStore providers = new DynamoProviderStore(tables.client(), tables.table(PasserelleFunctions.PROVIDERS_TABLE),
                metricsTable);
        ProviderService providerService = new ProviderService(providers, PostalCodeDirectory.load(), clock);
        Provider applied = providerService.apply(new Caller(UUID.randomUUID().toString(), Set.of(Role.PROVIDER), null),
                Forms.psychologistIn75018("3555555555"));
        Provider psychologist = providerService.decide(new Caller("agent", Set.of(Role.AGENT), null), applied.id(),
                Decision.APPROVE, null);
        ProgrammeRules rules = new ProgrammeRules(new DynamoRuleStore(tables.client(), tables.table(PasserelleFunctions.PROGRAMME_TABLE)),
                clock);
        DynamoVoucherStore voucherStore = new DynamoVoucherStore(tables.client(), vouchersTable, metricsTable);
        VoucherService vouchers = new VoucherService(voucherStore, () -> rules, providers, () -> new VoucherCodes(KEYS),
                () -> new VoucherTokens(KEYS), clock);
        List<RedemptionMessage> queued = new ArrayList<>();
        RedemptionService redemptions = new RedemptionService(new DynamoRedemptionStore(tables.client(),
                tables.table(PasserelleFunctions.LEDGER_TABLE), vouchersTable, new RedemptionMetrics(metricsTable, providers::find)),
                (message, group, dedup) -> queued.add(message), voucherStore, () -> new VoucherCodes(KEYS),
                () -> new VoucherTokens(KEYS), clock, Duration.ofDays(14));

        // Bound to the provider, the voucher counts in the practice's department, 75.
        Voucher v = vouchers.mint(new Caller(UUID.randomUUID().toString(), Set.of(Role.PARENT), null),
                new MintRequest("psychologist", psychologist.id(), 1, "B")).get(0);
        long owed = v.tariffCents() - v.coPaymentCents();
        YearMonth lastMonth = YearMonth.from(v.expiresOn());
        clock.set(v.expiresOn().plusDays(3).atStartOfDay(ProgrammeRules.ZONE).toInstant().plusSeconds(9 * 3600));
        assertThat(new VoucherExpiry(voucherStore, clock).run()).isEqualTo(1);
        assertThat(count(metrics, lastMonth, Counter.EXPIRED)).isEqualTo(1);

        Redemption r = redemptions.accept(psychologist, new RedemptionForm(v.code(), v.expiresOn().toString(), null), "#/");
        assertThat(redemptions.apply(queued.get(0))).isEqualTo(RedemptionService.Applied.APPLIED);

        assertThat(count(metrics, lastMonth, Counter.EXPIRED)).as("no longer counted expired").isZero();
        assertThat(count(metrics, lastMonth, Counter.REDEEMED)).isEqualTo(1);
        long committed = metrics.area("75", lastMonth.plusMonths(1)).entrySet().stream()
                .filter(c -> c.getKey().service().equals("psychologist"))
                .mapToLong(c -> c.getValue().getOrDefault(Counter.COMMITTED_CENTS, 0L)).sum();
        assertThat(committed).as("issued %s, used %s: nothing committed any more", owed, owed).isZero();
        Map<String, AttributeValue> item = tables.client().getItem(g -> g.tableName(vouchersTable).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("VOUCHER#" + v.id()), "sk", AttributeValue.fromS("VOUCHER")))).item();
        assertThat(item.get("status").s()).isEqualTo("REDEEMED");
        assertThat(item).doesNotContainKeys(DynamoVoucherStore.EXPIRED_COUNTED, DynamoVoucherStore.TTL_ATTRIBUTE);
        assertThat(r.providerId()).isEqualTo(psychologist.id());
    }

    private static long count(DynamoMetrics metrics, YearMonth month, Counter counter) {
        return metrics.area("75", month).getOrDefault(new AreaMonth("75", month, "psychologist"), Map.of())
                .getOrDefault(counter, 0L);
    }
}
