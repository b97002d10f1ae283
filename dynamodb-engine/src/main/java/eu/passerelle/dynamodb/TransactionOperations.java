package eu.passerelle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.dynamodb.expression.Condition;
import eu.passerelle.dynamodb.expression.ExpressionAttributes;
import eu.passerelle.dynamodb.expression.ExpressionParser;
import eu.passerelle.dynamodb.expression.Path;
import eu.passerelle.dynamodb.expression.Projection;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TransactWriteItems and TransactGetItems ("Amazon DynamoDB Transactions: How it works"): all
 * conditions are checked and all writes applied under the one write lock, so a transaction is
 * serializable against every other write and never partly visible; a failed condition cancels
 * it with one reason per item, in order. A ClientRequestToken makes a successful call
 * idempotent for ten minutes.
 */
final class TransactionOperations {

    private static final int ITEM_LIMIT = 100;
    private static final long SIZE_LIMIT = 4L * 1024 * 1024;
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);

    private record Completed(JsonNode request, byte[] response, Instant expires) {
    }

    private final Database db;
    private final ItemOperations items;
    private final Clock clock;
    private final Map<String, Completed> tokens = new ConcurrentHashMap<>();

    TransactionOperations(Database db, ItemOperations items, Clock clock) {
        this.db = db;
        this.items = items;
        this.clock = clock;
    }

    /** One parsed action; exactly one of the fields is set. */
    private record Action(ItemOperations.Put put, ItemOperations.Update update, ItemOperations.Delete delete,
                          Table table, StoreKey key, Condition check, boolean returnOnFailure) {
    }

    byte[] transactWriteItems(JsonNode request) {
        JsonNode list = request.get("TransactItems");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > ITEM_LIMIT) {
            throw DynamoDbException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 100, Member must have length greater than or equal to 1");
        }
        List<Action> actions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long size = 0;
        for (JsonNode entry : list) {
            if (entry.size() != 1) {
                throw DynamoDbException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }
            String kind = entry.fieldNames().next();
            JsonNode body = entry.get(kind);
            ExpressionAttributes attributes = ExpressionAttributes.of(body);
            Action action;
            switch (kind) {
                case "Put" -> {
                    ItemOperations.Put put = items.parsePut(body, attributes);
                    size += put.bytes().length;
                    action = new Action(put, null, null, put.table(), put.key(), put.condition(), put.returnOnFailure());
                }
                case "Update" -> {
                    if (!body.hasNonNull("UpdateExpression")) {
                        throw DynamoDbException.validation("1 validation error detected: Value null at 'transactItems.member.update.updateExpression' failed to satisfy constraint: Member must not be null");
                    }
                    ItemOperations.Update update = items.parseUpdate(body, attributes);
                    action = new Action(null, update, null, update.table(), update.key(), update.condition(), update.returnOnFailure());
                }
                case "Delete" -> {
                    ItemOperations.Delete delete = items.parseDelete(body, attributes);
                    action = new Action(null, null, delete, delete.table(), delete.key(), delete.condition(), delete.returnOnFailure());
                }
                case "ConditionCheck" -> {
                    Table table = db.table(ItemOperations.tableName(body));
                    StoreKey key = table.keyOfKeyMap(body.get("Key"));
                    Condition condition = ItemOperations.condition(body, "ConditionExpression", ExpressionParser.CONDITION, attributes);
                    if (condition == null) {
                        throw DynamoDbException.validation("1 validation error detected: Value null at 'transactItems.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null");
                    }
                    action = new Action(null, null, null, table, key, condition, ItemOperations.allOldOnFailure(body));
                }
                default -> throw DynamoDbException.validation("Unknown transaction action: " + kind);
            }
            attributes.requireAllUsed();
            if (!seen.add(action.table.descriptor().name() + "\u0000" + action.key)) {
                throw DynamoDbException.validation("Transaction request cannot include multiple operations on one item");
            }
            actions.add(action);
        }
        if (size > SIZE_LIMIT) {
            throw DynamoDbException.validation("Transaction request size has exceeded the maximum allowed size of 4 MB");
        }
        String token = request.hasNonNull("ClientRequestToken") ? request.get("ClientRequestToken").asText() : null;
        ObjectNode withoutToken = ((ObjectNode) request).deepCopy();
        withoutToken.remove("ClientRequestToken");
        withoutToken.remove("ReturnConsumedCapacity");
        withoutToken.remove("ReturnItemCollectionMetrics");
        byte[] ok = "{}".getBytes(StandardCharsets.US_ASCII);
        return db.write(mutations -> {
            if (token != null) {
                Completed done = tokens.get(token);
                if (done != null && done.expires.isAfter(clock.instant())) {
                    if (!done.request.equals(withoutToken)) {
                        throw DynamoDbException.idempotentParameterMismatch();
                    }
                    return done.response;
                }
            }
            ArrayNode reasons = AttributeValues.NODES.arrayNode();
            boolean cancelled = false;
            List<Database.Mutation> pending = new ArrayList<>();
            for (Action action : actions) {
                ObjectNode current = action.table.get(action.key);
                ObjectNode reason = reasons.addObject();
                try {
                    ItemOperations.check(action.check, current, action.returnOnFailure);
                    if (action.put != null) {
                        pending.add(new Database.Mutation(action.table, action.key, current, action.put.item(), action.put.bytes()));
                    } else if (action.update != null) {
                        ObjectNode next = action.update.apply(current);
                        pending.add(new Database.Mutation(action.table, action.key, current, next, JsonCodec.bytes(next)));
                    } else if (action.delete != null && current != null) {
                        pending.add(new Database.Mutation(action.table, action.key, current, null, null));
                    }
                    reason.put("Code", "None");
                } catch (DynamoDbException e) {
                    cancelled = true;
                    boolean conditionFailed = e.shortType().equals("ConditionalCheckFailedException");
                    reason.put("Code", conditionFailed ? "ConditionalCheckFailed" : "ValidationError");
                    reason.put("Message", e.getMessage());
                    if (e.extra().has("Item")) {
                        reason.set("Item", e.extra().get("Item"));
                    }
                }
            }
            if (cancelled) {
                List<String> codes = new ArrayList<>();
                reasons.forEach(r -> codes.add(r.get("Code").asText()));
                DynamoDbException failure = DynamoDbException.transactionCanceled(
                        "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes);
                failure.extra().set("CancellationReasons", reasons);
                throw failure;
            }
            mutations.addAll(pending);
            if (token != null) {
                tokens.values().removeIf(c -> c.expires.isBefore(clock.instant()));
                tokens.put(token, new Completed(withoutToken, ok, clock.instant().plus(TOKEN_LIFETIME)));
            }
            return ok;
        });
    }

    byte[] transactGetItems(JsonNode request) {
        JsonNode list = request.get("TransactItems");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > ITEM_LIMIT) {
            throw DynamoDbException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 100, Member must have length greater than or equal to 1");
        }
        record Get(Table table, StoreKey key, List<Path> projection) {
        }
        List<Get> gets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode entry : list) {
            JsonNode body = entry.get("Get");
            if (body == null) {
                throw DynamoDbException.validation("TransactGetItems accepts only Get actions");
            }
            Table table = db.table(ItemOperations.tableName(body));
            StoreKey key = table.keyOfKeyMap(body.get("Key"));
            ExpressionAttributes attributes = ExpressionAttributes.of(body);
            List<Path> projection = ItemOperations.projection(body, attributes);
            attributes.requireAllUsed();
            if (!seen.add(table.descriptor().name() + "\u0000" + key)) {
                throw DynamoDbException.validation("Transaction request cannot include multiple operations on one item");
            }
            gets.add(new Get(table, key, projection));
        }
        // Under the write lock: no transaction can be half applied while these items are read.
        List<byte[]> found = db.readConsistently(() -> {
            List<byte[]> result = new ArrayList<>();
            gets.forEach(g -> result.add(g.table.getBytes(g.key)));
            return result;
        });
        ObjectNode response = AttributeValues.NODES.objectNode();
        ArrayNode responses = response.putArray("Responses");
        for (int i = 0; i < gets.size(); i++) {
            ObjectNode slot = responses.addObject();
            byte[] bytes = found.get(i);
            if (bytes != null) {
                ObjectNode item = JsonCodec.object(bytes);
                slot.set("Item", gets.get(i).projection == null ? item : Projection.apply(item, gets.get(i).projection));
            }
        }
        return JsonCodec.bytes(response);
    }
}
