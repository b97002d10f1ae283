package eu.passerelle.functions.redemption;

import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.functions.PasserelleFunctions;
import eu.passerelle.functions.providers.DynamoProviderStore;
import eu.passerelle.functions.support.LocalTables;
import eu.passerelle.functions.vouchers.DynamoVoucherStore;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderService;
import eu.passerelle.redemption.RedemptionForm;
import eu.passerelle.redemption.RedemptionMessage;
import eu.passerelle.redemption.RedemptionService;
import eu.passerelle.vouchers.MintRequest;
import eu.passerelle.vouchers.Voucher;
import eu.passerelle.vouchers.VoucherCodes;
import eu.passerelle.vouchers.VoucherService;
import eu.passerelle.vouchers.VoucherTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static eu.passerelle.functions.redemption.RedemptionAcceptanceTest.KEYS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many redemptions of one provider applied at once by as many consumers as the event source
 * runs (MaximumConcurrency 5): they all take numbers on the same ledger head, and must all apply
 * within their delivery instead of going back to the queue for its visibility timeout (issue 12, C4).
 */
class LedgerContentionTest {

    static final int CONSUMERS = 5;
    static LocalTables tables;
    static VoucherService vouchers;
    static RedemptionService redemptions;
    static ProviderService providerService;
    static DynamoProviderStore providers;
    static final List<RedemptionMessage> QUEUED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        providers = new DynamoProviderStore(tables.client(), tables.table(PasserelleFunctions.PROVIDERS_TABLE));
        providerService = new ProviderService(providers, PostalCodeDirectory.load(), Clock.systemUTC());
        DynamoVoucherStore voucherStore = new DynamoVoucherStore(tables.client(), tables.table(PasserelleFunctions.VOUCHERS_TABLE));
        vouchers = LocalProgramme.vouchers(voucherStore, LocalProgramme.rules(tables), providers, KEYS);
        redemptions = new RedemptionService(new DynamoRedemptionStore(tables.client(), tables.table(PasserelleFunctions.LEDGER_TABLE),
                tables.table(PasserelleFunctions.VOUCHERS_TABLE)), (message, group, dedup) -> QUEUED.add(message), voucherStore,
                () -> new VoucherCodes(KEYS), () -> new VoucherTokens(KEYS), Clock.systemUTC(), Duration.ofDays(14));
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    private static Provider approvedPsychologist() {
        return LocalProgramme.approvedPsychologist(providerService, String.format("3100%06d", System.nanoTime() % 1_000_000));
    }

    /** {@code n} redemptions of one provider accepted, their messages ready for the consumers. */
    private static List<RedemptionMessage> accepted(Provider provider, int n) {
        List<RedemptionMessage> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Caller parent = new Caller(UUID.randomUUID().toString(), Set.of(Role.PARENT), null);
            Voucher v = vouchers.mint(parent, new MintRequest("psychologist", null, 1, "A")).get(0);
            QUEUED.clear();
            redemptions.accept(provider, new RedemptionForm(v.code(), vouchers.today().toString(), null), "#/");
            messages.addAll(QUEUED);
        }
        assertThat(messages).hasSize(n);
        return messages;
    }

    /** The consumers apply the messages, each its share one after another (as a batch), all at once. */
    private static Map<RedemptionService.Applied, Integer> applyConcurrently(List<RedemptionMessage> messages) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONSUMERS);
        try {
            List<Future<List<RedemptionService.Applied>>> consumers = new ArrayList<>();
            for (int c = 0; c < CONSUMERS; c++) {
                int consumer = c;
                consumers.add(pool.submit(() -> {
                    List<RedemptionService.Applied> outcomes = new ArrayList<>();
                    for (int i = consumer; i < messages.size(); i += CONSUMERS) {
                        outcomes.add(redemptions.apply(messages.get(i)));
                    }
                    return outcomes;
                }));
            }
            Map<RedemptionService.Applied, Integer> counts = new EnumMap<>(RedemptionService.Applied.class);
            for (Future<List<RedemptionService.Applied>> f : consumers) {
                f.get().forEach(o -> counts.merge(o, 1, Integer::sum));
            }
            return counts;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertAllAppliedPromptly(int n) throws Exception {
        Provider provider = approvedPsychologist();
        List<RedemptionMessage> messages = accepted(provider, n);
        long started = System.nanoTime();
        Map<RedemptionService.Applied, Integer> outcomes = applyConcurrently(messages);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("[C4] %d redemptions of one provider, %d consumers: %s in %d ms%n", n, CONSUMERS, outcomes, millis);
        assertThat(outcomes).as("every redemption applied within its delivery, none left to the visibility timeout")
                .isEqualTo(Map.of(RedemptionService.Applied.APPLIED, n));
        assertThat(redemptions.history(provider, eu.passerelle.redemption.RedemptionStatus.APPLIED, null, 100).items()).hasSize(n);
        assertThat(millis).as("applied promptly").isLessThan(20_000);
    }

    @Test
    void twentySinglesOfOneProviderAppliedByFiveConsumersAtOnceAllApplyWithinTheirDelivery() throws Exception {
        assertAllAppliedPromptly(20);
    }

    @Test
    void aBatchOfEightyFiveOfOneProviderAppliedByFiveConsumersAtOnceAllApplyWithinTheirDelivery() throws Exception {
        assertAllAppliedPromptly(85);
    }
}
