package eu.passerelle.functions.redemption;

import eu.passerelle.redemption.Idempotency;
import eu.passerelle.redemption.IdempotencyStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Idempotency records in the LedgerTable ({@code IDEMPOTENCY#scope#key}), taken with one
 * conditional put: it succeeds when there is no record, when the record has expired, or when an
 * in-progress record's lock has lapsed (its Lambda died).
 */
public final class DynamoIdempotencyStore implements IdempotencyStore {

    private final DynamoDbClient dynamoDb;
    private final String table;

    private final ThreadLocal<Boolean> tookOver = ThreadLocal.withInitial(() -> false);

    @Override
    public boolean tookOverSameRequest() {
        return tookOver.get();
    }

    public DynamoIdempotencyStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String scope, String key) {
        return Map.of("pk", AttributeValue.fromS("IDEMPOTENCY#" + scope + "#" + key), "sk", AttributeValue.fromS("IDEMPOTENCY"));
    }

    @Override
    public Optional<Entry> begin(String scope, String key, String requestHash, Instant now, Instant lockedUntil, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(key(scope, key));
        item.put("state", AttributeValue.fromS("IN_PROGRESS"));
        item.put("requestHash", AttributeValue.fromS(requestHash));
        item.put("lockedUntil", AttributeValue.fromN(String.valueOf(lockedUntil.toEpochMilli())));
        item.put(LedgerItems.TTL, AttributeValue.fromN(String.valueOf(expiresAt.getEpochSecond())));
        tookOver.set(false);
        try {
            var put = dynamoDb.putItem(p -> p.tableName(table).item(item).returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)
                    .conditionExpression("attribute_not_exists(pk) OR #ttl < :nowSeconds OR (#state = :inProgress AND lockedUntil < :nowMillis)")
                    .expressionAttributeNames(Map.of("#ttl", LedgerItems.TTL, "#state", "state"))
                    .expressionAttributeValues(Map.of(":nowSeconds", AttributeValue.fromN(String.valueOf(now.getEpochSecond())),
                            ":nowMillis", AttributeValue.fromN(String.valueOf(now.toEpochMilli())),
                            ":inProgress", AttributeValue.fromS("IN_PROGRESS")))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            Map<String, AttributeValue> old = put.attributes();
            tookOver.set(old != null && old.containsKey("state") && "IN_PROGRESS".equals(old.get("state").s())
                    && old.containsKey("requestHash") && requestHash.equals(old.get("requestHash").s()));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() && !e.item().isEmpty() ? e.item()
                    : dynamoDb.getItem(g -> g.tableName(table).key(key(scope, key)).consistentRead(true)).item();
            boolean completed = "COMPLETED".equals(old.get("state").s());
            return Optional.of(new Entry(scope, key, old.get("requestHash").s(), completed,
                    completed ? Integer.parseInt(old.get("status").n()) : 0, completed ? old.get("body").s() : null,
                    Instant.ofEpochMilli(Long.parseLong(old.get("lockedUntil").n())),
                    Instant.ofEpochSecond(Long.parseLong(old.get(LedgerItems.TTL).n()))));
        }
    }

    /**
     * The completed record as an item of another transaction: it holds only while the record is
     * still this request's, in progress.
     */
    public static TransactWriteItem completionWrite(String table, Idempotency.Completion c) {
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(key(c.scope(), c.key()))
                .updateExpression("SET #state = :completed, #status = :status, body = :body, #ttl = :ttl")
                .conditionExpression("#state = :inProgress AND requestHash = :hash")
                .expressionAttributeNames(Map.of("#state", "state", "#status", "status", "#ttl", LedgerItems.TTL))
                .expressionAttributeValues(Map.of(":completed", AttributeValue.fromS("COMPLETED"),
                        ":inProgress", AttributeValue.fromS("IN_PROGRESS"), ":hash", AttributeValue.fromS(c.requestHash()),
                        ":status", AttributeValue.fromN(String.valueOf(c.answer().status())),
                        ":body", AttributeValue.fromS(c.answer().body()),
                        ":ttl", AttributeValue.fromN(String.valueOf(c.expiresAt().getEpochSecond()))))).build();
    }

    @Override
    public void complete(String scope, String key, int status, String body, Instant expiresAt) {
        dynamoDb.updateItem(u -> u.tableName(table).key(key(scope, key))
                .updateExpression("SET #state = :completed, #status = :status, body = :body, #ttl = :ttl")
                .expressionAttributeNames(Map.of("#state", "state", "#status", "status", "#ttl", LedgerItems.TTL))
                .expressionAttributeValues(Map.of(":completed", AttributeValue.fromS("COMPLETED"),
                        ":status", AttributeValue.fromN(String.valueOf(status)), ":body", AttributeValue.fromS(body),
                        ":ttl", AttributeValue.fromN(String.valueOf(expiresAt.getEpochSecond())))));
    }

    @Override
    public void abandon(String scope, String key) {
        dynamoDb.deleteItem(d -> d.tableName(table).key(key(scope, key)));
    }
}
