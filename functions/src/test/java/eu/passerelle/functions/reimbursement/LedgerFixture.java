package eu.passerelle.functions.reimbursement;

import eu.passerelle.functions.PasserelleFunctions;
import eu.passerelle.functions.redemption.DynamoRedemptionStore;
import eu.passerelle.functions.support.LocalTables;
import eu.passerelle.redemption.Redemption;
import eu.passerelle.redemption.RedemptionStatus;
import eu.passerelle.redemption.RedemptionStore;
import eu.passerelle.redemption.VoucherFacts;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Providers' ledgers written the way production writes them: a voucher, then a redemption opened
 * and applied (or cancelled) through the redemption store, in the LedgerTable of template.yaml.
 */
final class LedgerFixture {

    private static final AtomicLong IDS = new AtomicLong();

    private final LocalTables tables;
    final DynamoRedemptionStore redemptions;
    private final String vouchers;

    LedgerFixture(LocalTables tables) {
        this.tables = tables;
        this.vouchers = tables.table(PasserelleFunctions.VOUCHERS_TABLE);
        this.redemptions = new DynamoRedemptionStore(tables.client(), tables.table(PasserelleFunctions.LEDGER_TABLE), vouchers);
    }

    /** An applied redemption of a psychologist session by {@code provider}, written at {@code at}. */
    Redemption redeem(String provider, LocalDate sessionDate, String tier, Instant at) {
        return redeem(provider, sessionDate, tier, at, null);
    }

    /** The same, of a voucher that counts in {@code department}. */
    Redemption redeem(String provider, LocalDate sessionDate, String tier, Instant at, String department) {
        long n = IDS.incrementAndGet();
        String voucherId = "v" + n;
        tables.client().putItem(p -> p.tableName(vouchers).item(Map.of("pk", AttributeValue.fromS("VOUCHER#" + voucherId),
                "sk", AttributeValue.fromS("VOUCHER"), "status", AttributeValue.fromS("ISSUED"))));
        Redemption r = new Redemption("r" + n, provider, voucherId, "PSY-" + n, "psychologist", sessionDate,
                RedemptionStatus.PENDING, null, at, at, null);
        redemptions.open(r, new RedemptionStore.Claim(1, r.id()), null);
        RedemptionStore.Outcome outcome = redemptions.apply(r, facts(r, tier, department), at);
        if (outcome != RedemptionStore.Outcome.APPLIED) {
            throw new IllegalStateException(outcome.name());
        }
        return redemptions.find(r.id()).orElseThrow();
    }

    void cancel(Redemption applied, String tier, Instant at) {
        cancel(applied, tier, at, null);
    }

    void cancel(Redemption applied, String tier, Instant at, String department) {
        redemptions.cancel(applied, facts(applied, tier, department), at);
    }

    private static VoucherFacts facts(Redemption r, String tier, String department) {
        return new VoucherFacts(r.voucherId(), "psychologist", null, "ISSUED", null, null,
                Instant.parse("2026-01-02T00:00:00Z"), LocalDate.of(2027, 1, 1), 1, tier, 0, 5000, department, null);
    }
}
