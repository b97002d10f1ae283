package eu.passerelle.functions.redemption;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static eu.passerelle.functions.redemption.LedgerItems.n;
import static eu.passerelle.functions.redemption.LedgerItems.s;

/**
 * Why a redemption message last failed to apply, in an agent's words, so that the dead letters
 * page can say it: the dead-letter queue keeps the message, not the cause. One item per
 * redemption ({@code FAILURE#<redemptionId>} / {@code FAILURE}) in the LedgerTable, overwritten at
 * each failure, gone with the TTL after the queue's retention (14 days) and a margin. It holds no
 * voucher code: only the kind of failure.
 */
public final class FailureNotes {

    static final Duration KEPT = Duration.ofDays(30);

    /** The last failure of a redemption's message. */
    public record Note(String reason, Instant at) {
    }

    private final Supplier<DynamoDbClient> dynamoDb;
    private final Supplier<String> ledgerTable;

    public FailureNotes(Supplier<DynamoDbClient> dynamoDb, Supplier<String> ledgerTable) {
        this.dynamoDb = dynamoDb;
        this.ledgerTable = ledgerTable;
    }

    static Map<String, AttributeValue> key(String redemptionId) {
        return Map.of("pk", s("FAILURE#" + redemptionId), "sk", s("FAILURE"));
    }

    public void note(String redemptionId, String reason, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>(key(redemptionId));
        item.put("reason", s(reason));
        item.put("at", s(at.toString()));
        item.put(LedgerItems.TTL, n(at.plus(KEPT).getEpochSecond()));
        dynamoDb.get().putItem(p -> p.tableName(ledgerTable.get()).item(item));
    }

    /** The notes of these redemptions (those that have one), by redemption id. */
    public Map<String, Note> of(Set<String> redemptionIds) {
        Map<String, Note> notes = new HashMap<>();
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(redemptionIds));
        for (int from = 0; from < ids.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = ids.subList(from, Math.min(ids.size(), from + 100)).stream()
                    .map(FailureNotes::key).toList();
            Map<String, KeysAndAttributes> request = Map.of(ledgerTable.get(), KeysAndAttributes.builder().keys(keys).build());
            // BatchGetItem may leave keys for later under load: ask again for those.
            for (int round = 0; request != null && !request.isEmpty() && round < 10; round++) {
                var response = dynamoDb.get().batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(ledgerTable.get(), List.of())) {
                    notes.put(item.get("pk").s().substring("FAILURE#".length()),
                            new Note(item.get("reason").s(), Instant.parse(item.get("at").s())));
                }
                request = response.unprocessedKeys();
            }
        }
        return notes;
    }
}
