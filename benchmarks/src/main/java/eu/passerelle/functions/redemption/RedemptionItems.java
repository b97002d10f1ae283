package eu.passerelle.functions.redemption;

import eu.passerelle.redemption.Redemption;
import eu.passerelle.redemption.VoucherFacts;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.List;

/**
 * The benchmarks' bare version of the consumer's transaction: exactly the items
 * {@link DynamoRedemptionStore#apply} writes (the voucher's issued → redeemed transition, the
 * redemption record, the ledger head and numbered entry, the coordination's counters), built by
 * the store itself, without the reads that precede them: the caller knows the head.
 */
public final class RedemptionItems {

    private RedemptionItems() {
    }

    public static List<TransactWriteItem> applyWrites(DynamoRedemptionStore store, Redemption r, VoucherFacts v, long head,
                                                      Instant at) {
        return store.applyWrites(r, v, head, at);
    }
}
