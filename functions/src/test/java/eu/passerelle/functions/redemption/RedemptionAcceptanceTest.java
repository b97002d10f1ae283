package eu.passerelle.functions.redemption;

import eu.passerelle.Rejection;
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
import eu.passerelle.vouchers.MintRequest;
import eu.passerelle.vouchers.ProgrammeRules;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the redemption endpoint accepts at once, against the DynamoDB engine: the typed code or the
 * QR token (signature checked), and what it refuses with a problem naming the field.
 */
class RedemptionAcceptanceTest {

    static final VoucherKeys KEYS = VoucherKeys.fromSeeds(Map.of(1, "a-redemption-test-seed-of-enough-length"), 1);
    static LocalTables tables;
    static VoucherService vouchers;
    static RedemptionService redemptions;
    static DynamoVoucherStore voucherStore;
    static Provider psychologist;
    static final List<RedemptionMessage> QUEUED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        DynamoProviderStore providers = new DynamoProviderStore(tables.client(), tables.table(PasserelleFunctions.PROVIDERS_TABLE));
        ProviderService providerService = new ProviderService(providers, PostalCodeDirectory.load(), Clock.systemUTC());
        psychologist = LocalProgramme.approvedPsychologist(providerService, String.format("3000%06d", System.nanoTime() % 1_000_000));
        voucherStore = new DynamoVoucherStore(tables.client(), tables.table(PasserelleFunctions.VOUCHERS_TABLE));
        ProgrammeRules rules = LocalProgramme.rules(tables);
        vouchers = LocalProgramme.vouchers(voucherStore, rules, providers, KEYS);
        redemptions = new RedemptionService(new DynamoRedemptionStore(tables.client(), tables.table(PasserelleFunctions.LEDGER_TABLE),
                tables.table(PasserelleFunctions.VOUCHERS_TABLE)), (message, group, dedup) -> QUEUED.add(message), voucherStore,
                () -> new VoucherCodes(KEYS), () -> new VoucherTokens(KEYS), Clock.systemUTC(), Duration.ofDays(14),
                new eu.passerelle.vouchers.EarliestIssue(rules::ruleBook));
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    private static Voucher voucher() {
        Caller parent = new Caller(UUID.randomUUID().toString(), Set.of(Role.PARENT), null);
        return vouchers.mint(parent, new MintRequest("psychologist", null, 1, "A")).get(0);
    }

    private static String today() {
        return vouchers.today().toString();
    }

    @Test
    void theScannedQrTokenRedeemsTheVoucherItCarries() {
        Voucher v = voucher();
        Redemption r = redemptions.accept(psychologist, new RedemptionForm(v.token(), today(), null), "#/");
        assertThat(r.voucherId()).isEqualTo(v.id());
        assertThat(r.code()).as("the code is kept, not the token").isEqualTo(v.code());
        RedemptionMessage queued = QUEUED.stream().filter(m -> m.redemptionId().equals(r.id())).findFirst().orElseThrow();
        assertThat(queued.code()).isEqualTo(v.code());

        assertThat(redemptions.apply(queued)).isEqualTo(RedemptionService.Applied.APPLIED);
        assertThat(redemptions.own(psychologist, r.id()).status()).isEqualTo(RedemptionStatus.APPLIED);
        assertThat(voucherStore.find(v.id()).orElseThrow().status()).isEqualTo(VoucherStatus.REDEEMED);
    }

    @Test
    void theTokenAndTheTypedCodeAreOneVoucher() {
        Voucher v = voucher();
        Redemption byToken = redemptions.accept(psychologist, new RedemptionForm(v.token(), today(), null), "#/");
        Redemption byCode = redemptions.accept(psychologist, new RedemptionForm(v.code().toLowerCase(), today(), null), "#/");
        assertThat(byCode.id()).isEqualTo(byToken.id());
    }

    @Test
    void aTamperedTokenIsNotValidAndNamesTheField() {
        Voucher v = voucher();
        String[] parts = v.token().split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1);
        assertThatThrownBy(() -> redemptions.accept(psychologist, new RedemptionForm(tampered, today(), null), "#/items/3/"))
                .isInstanceOfSatisfying(Rejection.class, r -> {
                    assertThat(r.type()).isEqualTo("voucher-not-valid");
                    assertThat(r.pointers()).extracting(Rejection.Pointer::name).containsExactly("#/items/3/code");
                });
    }

    @Test
    void aCodeCutShortIsIncompleteNotUnknown() {
        Voucher v = voucher();
        String cut = v.code().substring(0, 20);
        assertThatThrownBy(() -> redemptions.accept(psychologist, new RedemptionForm(cut, today(), null), "#/"))
                .isInstanceOfSatisfying(Rejection.class, r -> {
                    assertThat(r.kind()).isEqualTo(Rejection.Kind.INVALID);
                    assertThat(r.type()).isEqualTo("incomplete-code");
                    assertThat(r.pointers()).extracting(Rejection.Pointer::name).containsExactly("#/code");
                });
    }

    @Test
    void declaringAgainAVoucherAlreadyUsedIsRefusedWithTheFirstSessionsDate() {
        Voucher v = voucher();
        Redemption first = redemptions.accept(psychologist, new RedemptionForm(v.code(), today(), null), "#/");
        RedemptionMessage queued = QUEUED.stream().filter(m -> m.redemptionId().equals(first.id())).findFirst().orElseThrow();
        assertThat(redemptions.apply(queued)).isEqualTo(RedemptionService.Applied.APPLIED);

        String firstDay = java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.FRENCH)
                .format(vouchers.today());
        assertThatThrownBy(() -> redemptions.accept(psychologist, new RedemptionForm(v.token(), today(), null), "#/items/2/"))
                .isInstanceOfSatisfying(Rejection.class, r -> {
                    assertThat(r.kind()).as("409").isEqualTo(Rejection.Kind.CONFLICT);
                    assertThat(r.type()).isEqualTo("voucher-already-used");
                    assertThat(r.detail()).contains("Ce bon a déjà été utilisé le " + firstDay);
                    assertThat(r.pointers()).extracting(Rejection.Pointer::name).containsExactly("#/items/2/code");
                });
        assertThat(redemptions.own(psychologist, first.id()).status()).as("the first session stands").isEqualTo(RedemptionStatus.APPLIED);
    }

    @Test
    void aSessionBeforeTheVouchersIssueIsRefusedAtOnceAndNothingIsRecorded() {
        Voucher v = voucher();
        String dayBefore = vouchers.today().minusDays(1).toString();
        int queuedBefore = QUEUED.size();

        assertThatThrownBy(() -> redemptions.accept(psychologist, new RedemptionForm(v.code(), dayBefore, null), "#/"))
                .isInstanceOfSatisfying(Rejection.class, r -> {
                    assertThat(r.kind()).isEqualTo(Rejection.Kind.INVALID);
                    assertThat(r.type()).isEqualTo("session-before-issue");
                    assertThat(r.pointers()).extracting(Rejection.Pointer::name).containsExactly("#/sessionDate");
                });
        assertThat(QUEUED).hasSize(queuedBefore);
        assertThat(redemptions.history(psychologist, null, null, 100).items()).noneMatch(r -> r.voucherId().equals(v.id()));
    }
}
