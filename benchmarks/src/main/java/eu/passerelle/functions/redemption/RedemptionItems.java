package eu.passerelle.functions.redemption;

import eu.passerelle.redemption.Redemption;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks' bare version of the consumer's transaction ({@link DynamoRedemptionStore#apply}):
 * the same four writes with the same conditions and items (the redemption record from
 * {@link LedgerItems}, the voucher's issued → redeemed transition, the ledger head and the
 * numbered entry), without the reads that precede them: the caller knows the head.
 */
public final class RedemptionItems {

    private RedemptionItems() {
    }

    public static List<TransactWriteItem> applyWrites(String ledgerTable, String vouchersTable, Redemption r, long head,
                                                      int ruleSequence, String incomeTier, Instant at) {
        Map<String, AttributeValue> record = new HashMap<>(LedgerItems.item(r));
        record.put("ledgerSequence", LedgerItems.n(head + 1));
        Map<String, AttributeValue> headItem = Map.of("pk", LedgerItems.s("LEDGER#" + r.providerId()), "sk", LedgerItems.s("HEAD"),
                "seq", LedgerItems.n(head + 1));
        Map<String, AttributeValue> entry = new HashMap<>();
        entry.put("pk", LedgerItems.s("LEDGER#" + r.providerId()));
        entry.put("sk", LedgerItems.s(LedgerItems.entrySortKey(head + 1)));
        entry.put("seq", LedgerItems.n(head + 1));
        entry.put("kind", LedgerItems.s("REDEMPTION"));
        entry.put("redemptionId", LedgerItems.s(r.id()));
        entry.put("voucherId", LedgerItems.s(r.voucherId()));
        entry.put("service", LedgerItems.s(r.service()));
        entry.put("sessionDate", LedgerItems.s(r.sessionDate().toString()));
        entry.put("ruleSequence", LedgerItems.n(ruleSequence));
        entry.put("incomeTier", LedgerItems.s(incomeTier));
        entry.put("sign", LedgerItems.n(1));
        entry.put("at", LedgerItems.s(at.toString()));
        return List.of(
                TransactWriteItem.builder().put(p -> p.tableName(ledgerTable).item(record)
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().update(u -> u.tableName(vouchersTable)
                        .key(Map.of("pk", LedgerItems.s("VOUCHER#" + r.voucherId()), "sk", LedgerItems.s("VOUCHER")))
                        .updateExpression("SET #status = :redeemed, redeemedBy = :provider, redemptionId = :redemption, statusAt = :at")
                        .conditionExpression("#status = :issued")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(":redeemed", LedgerItems.s("REDEEMED"), ":issued", LedgerItems.s("ISSUED"),
                                ":provider", LedgerItems.s(r.providerId()), ":redemption", LedgerItems.s(r.id()),
                                ":at", LedgerItems.s(at.toString()))))
                        .build(),
                head == 0
                        ? TransactWriteItem.builder().put(p -> p.tableName(ledgerTable).item(headItem)
                        .conditionExpression("attribute_not_exists(pk)")).build()
                        : TransactWriteItem.builder().put(p -> p.tableName(ledgerTable).item(headItem)
                        .conditionExpression("seq = :head").expressionAttributeValues(Map.of(":head", LedgerItems.n(head)))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(ledgerTable).item(entry)
                        .conditionExpression("attribute_not_exists(pk)")).build());
    }
}
