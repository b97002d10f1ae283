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
import eu.passerelle.redemption.Redemption;
import eu.passerelle.redemption.RedemptionForm;
import eu.passerelle.redemption.RedemptionMessage;
import eu.passerelle.redemption.RedemptionService;
import eu.passerelle.redemption.RedemptionStatus;
import eu.passerelle.redemption.RedemptionStore;
import eu.passerelle.vouchers.MintRequest;
import eu.passerelle.vouchers.Voucher;
import eu.passerelle.vouchers.VoucherCodes;
import eu.passerelle.vouchers.VoucherKeys;
import eu.passerelle.vouchers.VoucherService;
import eu.passerelle.vouchers.VoucherTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two deliveries of one redemption message at once (a redelivery, a re-declaration that queues it
 * again), against DynamoDB Local: the consumer's reads are not one snapshot, so the second may
 * read the redemption still pending and the voucher already redeemed by the first. It must then
 * say it had nothing to do, not that it rejected a redemption that stands applied (found by
 * MoneyPathModelTest: "the consumer applies up to 9 messages at once").
 */
class DuplicateDeliveryTest {

    static final VoucherKeys KEYS = VoucherKeys.fromSeeds(Map.of(1, "a-duplicate-delivery-test-seed-long-enough"), 1);
    static LocalTables tables;
    static Provider psychologist;
    static VoucherService vouchers;
    static final List<RedemptionMessage> QUEUED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        DynamoProviderStore providers = new DynamoProviderStore(tables.client(), tables.table(PasserelleFunctions.PROVIDERS_TABLE));
        ProviderService providerService = new ProviderService(providers, PostalCodeDirectory.load(), Clock.systemUTC());
        psychologist = LocalProgramme.approvedPsychologist(providerService, "3123456789");
        vouchers = LocalProgramme.vouchers(new DynamoVoucherStore(tables.client(), tables.table(PasserelleFunctions.VOUCHERS_TABLE)),
                LocalProgramme.rules(tables), providers, KEYS);
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    private static RedemptionService service(RedemptionStore store) {
        return new RedemptionService(store, (message, group, dedup) -> QUEUED.add(message),
                new DynamoVoucherStore(tables.client(), tables.table(PasserelleFunctions.VOUCHERS_TABLE)),
                () -> new VoucherCodes(KEYS), () -> new VoucherTokens(KEYS), Clock.systemUTC(), Duration.ofDays(14));
    }

    @Test
    void aDeliveryThatReadTheRedemptionBeforeAnotherAppliedItHasNothingToDoAndRejectsNothing() {
        DynamoRedemptionStore real = new DynamoRedemptionStore(tables.client(), tables.table(PasserelleFunctions.LEDGER_TABLE),
                tables.table(PasserelleFunctions.VOUCHERS_TABLE));
        RedemptionService first = service(real);
        Voucher v = vouchers.mint(new Caller(UUID.randomUUID().toString(), Set.of(Role.PARENT), null),
                new MintRequest("psychologist", null, 1, "A")).get(0);
        Redemption r = first.accept(psychologist, new RedemptionForm(v.code(), vouchers.today().toString(), null), "#/");
        RedemptionMessage message = QUEUED.stream().filter(m -> m.redemptionId().equals(r.id())).findFirst().orElseThrow();
        // The second delivery read the redemption (pending) just before the first applied it,
        // and the voucher (redeemed by this very redemption) just after.
        RedemptionStore staleRedemption = new RedemptionRoundTripsTest.Delegating(real) {
            @Override
            public Applying applying(String redemptionId, String voucherId, String providerId) {
                Applying now = super.applying(redemptionId, voucherId, providerId);
                return new Applying(Optional.of(r), now.voucher(), now.ledgerHead());
            }
        };

        assertThat(first.apply(message)).isEqualTo(RedemptionService.Applied.APPLIED);
        assertThat(service(staleRedemption).apply(message)).isEqualTo(RedemptionService.Applied.NOTHING_TO_DO);
        assertThat(real.find(r.id()).orElseThrow().status()).isEqualTo(RedemptionStatus.APPLIED);
    }
}
