package eu.passerelle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.dynamodb.expression.Condition;
import eu.passerelle.dynamodb.expression.ConditionEvaluator;
import eu.passerelle.dynamodb.expression.ExpressionAttributes;
import eu.passerelle.dynamodb.expression.ExpressionParser;
import eu.passerelle.dynamodb.expression.Path;
import eu.passerelle.dynamodb.expression.Projection;
import eu.passerelle.dynamodb.expression.UpdateExpression;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PutItem, GetItem, UpdateItem, DeleteItem, BatchGetItem and BatchWriteItem, as their API
 * reference pages describe them. Requests are parsed and validated before the write lock; under
 * it only the current item is read, the condition checked and the change applied.
 */
final class ItemOperations {

    static final ObjectNode NO_ITEM = AttributeValues.NODES.objectNode();
    private static final long ITEM_LIMIT = 400 * 1024;
    private static final int BATCH_GET_LIMIT = 100;
    private static final int BATCH_WRITE_LIMIT = 25;
    private static final long BATCH_GET_RESPONSE_LIMIT = 16L * 1024 * 1024;

    private final Database db;

    ItemOperations(Database db) {
        this.db = db;
    }

    // ---- request helpers shared by the operations

    static String tableName(JsonNode request) {
        TableDescriptor.requireTableName(request.get("TableName"));
        return request.get("TableName").asText();
    }

    static void refuseLegacy(JsonNode request, String... parameters) {
        for (String parameter : parameters) {
            if (request.has(parameter) && !request.get(parameter).isNull()) {
                throw DynamoDbException.unsupported("The legacy parameter " + parameter + " (use the expression parameters)");
            }
        }
    }

    static Condition condition(JsonNode request, String field, String kind, ExpressionAttributes attributes) {
        JsonNode expression = request.get(field);
        if (expression == null || expression.isNull()) {
            return null;
        }
        return ExpressionParser.condition(expression.asText(), kind, attributes);
    }

    static List<Path> projection(JsonNode request, ExpressionAttributes attributes) {
        JsonNode expression = request.get("ProjectionExpression");
        if (expression != null && !expression.isNull()) {
            if (request.has("AttributesToGet")) {
                throw DynamoDbException.validation("Can not use both expression and non-expression parameters in the same request: "
                        + "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
            }
            return ExpressionParser.projection(expression.asText(), attributes);
        }
        JsonNode names = request.get("AttributesToGet");
        if (names != null && names.isArray()) {
            List<Path> paths = new ArrayList<>();
            names.forEach(n -> paths.add(Path.of(n.asText())));
            return paths;
        }
        return null;
    }

    static String returnValues(JsonNode request, Set<String> allowed) {
        String value = request.path("ReturnValues").asText("NONE");
        if (!allowed.contains(value)) {
            throw DynamoDbException.validation("ReturnValues can only be " + String.join(" or ", allowed) + " for this operation");
        }
        return value;
    }

    static boolean allOldOnFailure(JsonNode request) {
        String value = request.path("ReturnValuesOnConditionCheckFailure").asText("NONE");
        if (!value.equals("NONE") && !value.equals("ALL_OLD")) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + value
                    + "' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]");
        }
        return value.equals("ALL_OLD");
    }

    static void checkSize(ObjectNode item) {
        if (AttributeValues.itemSize(item) > ITEM_LIMIT) {
            throw DynamoDbException.validation("Item size has exceeded the maximum allowed size");
        }
    }

    /** Throws ConditionalCheckFailedException (with the item when asked) unless the condition holds. */
    static void check(Condition condition, ObjectNode current, boolean returnItem) {
        if (condition != null && !ConditionEvaluator.test(condition, current == null ? NO_ITEM : current)) {
            DynamoDbException failed = DynamoDbException.conditionFailed();
            if (returnItem && current != null) {
                failed.extra().set("Item", current);
            }
            throw failed;
        }
    }

    static ObjectNode object() {
        return AttributeValues.NODES.objectNode();
    }

    // ---- PutItem

    /** A parsed PutItem (also a transaction's Put). */
    record Put(Table table, StoreKey key, ObjectNode item, byte[] bytes, Condition condition, boolean returnOnFailure) {
    }

    Put parsePut(JsonNode request, ExpressionAttributes attributes) {
        Table table = db.table(tableName(request));
        refuseLegacy(request, "Expected", "ConditionalOperator");
        ObjectNode item = AttributeValues.item(request.get("Item"), "Item");
        StoreKey key = table.keyOfItem(item);
        table.checkIndexKeys(item);
        checkSize(item);
        Condition condition = condition(request, "ConditionExpression", ExpressionParser.CONDITION, attributes);
        return new Put(table, key, item, JsonCodec.bytes(item), condition, allOldOnFailure(request));
    }

    byte[] putItem(JsonNode request) {
        ExpressionAttributes attributes = ExpressionAttributes.of(request);
        Put put = parsePut(request, attributes);
        attributes.requireAllUsed();
        String returnValues = returnValues(request, Set.of("NONE", "ALL_OLD"));
        ObjectNode old = db.write(mutations -> {
            ObjectNode current = put.table.get(put.key);
            check(put.condition, current, put.returnOnFailure);
            mutations.add(new Database.Mutation(put.table, put.key, current, put.item, put.bytes));
            return current;
        });
        return attributesResponse(returnValues.equals("ALL_OLD") ? old : null);
    }

    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

    static byte[] attributesResponse(ObjectNode attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return EMPTY_OBJECT;
        }
        ObjectNode response = object();
        response.set("Attributes", attributes);
        return JsonCodec.bytes(response);
    }

    // ---- DeleteItem

    record Delete(Table table, StoreKey key, Condition condition, boolean returnOnFailure) {
    }

    Delete parseDelete(JsonNode request, ExpressionAttributes attributes) {
        Table table = db.table(tableName(request));
        refuseLegacy(request, "Expected", "ConditionalOperator");
        StoreKey key = table.keyOfKeyMap(request.get("Key"));
        Condition condition = condition(request, "ConditionExpression", ExpressionParser.CONDITION, attributes);
        return new Delete(table, key, condition, allOldOnFailure(request));
    }

    byte[] deleteItem(JsonNode request) {
        ExpressionAttributes attributes = ExpressionAttributes.of(request);
        Delete delete = parseDelete(request, attributes);
        attributes.requireAllUsed();
        String returnValues = returnValues(request, Set.of("NONE", "ALL_OLD"));
        ObjectNode old = db.write(mutations -> {
            ObjectNode current = delete.table.get(delete.key);
            check(delete.condition, current, delete.returnOnFailure);
            if (current != null) {
                mutations.add(new Database.Mutation(delete.table, delete.key, current, null, null));
            }
            return current;
        });
        return attributesResponse(returnValues.equals("ALL_OLD") ? old : null);
    }

    // ---- UpdateItem

    record Update(Table table, StoreKey key, ObjectNode keyItem, UpdateExpression update, Condition condition, boolean returnOnFailure) {

        /** The item after the update, validated; {@code current} may be null (the update creates it). */
        ObjectNode apply(ObjectNode current) {
            ObjectNode base = current != null ? current : keyItem;
            ObjectNode next = update == null ? base.deepCopy() : update.apply(base);
            table.checkIndexKeys(next);
            checkSize(next);
            return next;
        }
    }

    Update parseUpdate(JsonNode request, ExpressionAttributes attributes) {
        Table table = db.table(tableName(request));
        refuseLegacy(request, "Expected", "ConditionalOperator", "AttributeUpdates");
        StoreKey key = table.keyOfKeyMap(request.get("Key"));
        ObjectNode keyItem = AttributeValues.item(request.get("Key"), "Key");
        UpdateExpression update = null;
        JsonNode expression = request.get("UpdateExpression");
        if (expression != null && !expression.isNull()) {
            update = ExpressionParser.update(expression.asText(), attributes);
            TableDescriptor d = table.descriptor();
            for (Path path : update.paths()) {
                if (path.top().equals(d.partitionKey()) || path.top().equals(d.sortKey())) {
                    throw DynamoDbException.invalidParameter("Cannot update attribute " + path.top() + ". This attribute is part of the key");
                }
            }
        }
        Condition condition = condition(request, "ConditionExpression", ExpressionParser.CONDITION, attributes);
        return new Update(table, key, keyItem, update, condition, allOldOnFailure(request));
    }

    byte[] updateItem(JsonNode request) {
        ExpressionAttributes attributes = ExpressionAttributes.of(request);
        Update update = parseUpdate(request, attributes);
        attributes.requireAllUsed();
        String returnValues = returnValues(request, Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        ObjectNode[] result = db.write(mutations -> {
            ObjectNode current = update.table.get(update.key);
            check(update.condition, current, update.returnOnFailure);
            ObjectNode next = update.apply(current);
            mutations.add(new Database.Mutation(update.table, update.key, current, next, JsonCodec.bytes(next)));
            return new ObjectNode[]{current, next};
        });
        ObjectNode old = result[0];
        ObjectNode next = result[1];
        List<Path> touched = update.update == null ? List.of() : update.update.paths();
        return attributesResponse(switch (returnValues) {
            case "ALL_OLD" -> old;
            case "ALL_NEW" -> next;
            case "UPDATED_OLD" -> old == null ? null : Projection.apply(old, touched);
            case "UPDATED_NEW" -> Projection.apply(next, touched);
            default -> null;
        });
    }

    // ---- GetItem

    byte[] getItem(JsonNode request) {
        Table table = db.table(tableName(request));
        StoreKey key = table.keyOfKeyMap(request.get("Key"));
        ExpressionAttributes attributes = ExpressionAttributes.of(request);
        List<Path> projection = projection(request, attributes);
        attributes.requireAllUsed();
        byte[] bytes = table.getBytes(key);
        if (bytes == null) {
            return EMPTY_OBJECT;
        }
        if (projection == null) {
            // The stored bytes are the item's JSON: no need to parse and print it again.
            byte[] prefix = "{\"Item\":".getBytes(StandardCharsets.US_ASCII);
            byte[] response = new byte[prefix.length + bytes.length + 1];
            System.arraycopy(prefix, 0, response, 0, prefix.length);
            System.arraycopy(bytes, 0, response, prefix.length, bytes.length);
            response[response.length - 1] = '}';
            return response;
        }
        ObjectNode response = object();
        response.set("Item", Projection.apply(JsonCodec.object(bytes), projection));
        return JsonCodec.bytes(response);
    }

    // ---- BatchGetItem

    byte[] batchGetItem(JsonNode request) {
        JsonNode requestItems = request.get("RequestItems");
        if (requestItems == null || !requestItems.isObject() || requestItems.isEmpty()) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null");
        }
        record TableRequest(String name, Table table, List<StoreKey> keys, List<JsonNode> rawKeys, List<Path> projection, JsonNode original) {
        }
        List<TableRequest> parsed = new ArrayList<>();
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Table table = db.table(entry.getKey());
            JsonNode keys = entry.getValue().get("Keys");
            if (keys == null || !keys.isArray() || keys.isEmpty()) {
                throw DynamoDbException.validation("1 validation error detected: Value at 'requestItems." + entry.getKey()
                        + ".member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
            ExpressionAttributes attributes = ExpressionAttributes.of(entry.getValue());
            List<Path> projection = projection(entry.getValue(), attributes);
            attributes.requireAllUsed();
            List<StoreKey> storeKeys = new ArrayList<>();
            List<JsonNode> rawKeys = new ArrayList<>();
            Set<StoreKey> seen = new HashSet<>();
            for (JsonNode key : keys) {
                StoreKey storeKey = table.keyOfKeyMap(key);
                if (!seen.add(storeKey)) {
                    throw DynamoDbException.validation("Provided list of item keys contains duplicates");
                }
                storeKeys.add(storeKey);
                rawKeys.add(key);
            }
            total += storeKeys.size();
            parsed.add(new TableRequest(entry.getKey(), table, storeKeys, rawKeys, projection, entry.getValue()));
        }
        if (total > BATCH_GET_LIMIT) {
            throw DynamoDbException.validation("Too many items requested for the BatchGetItem call");
        }
        // Items go out as stored (or projected); the response is assembled around them.
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(8192);
        out.writeBytes("{\"Responses\":{".getBytes(StandardCharsets.US_ASCII));
        ObjectNode unprocessed = object();
        long size = 0;
        boolean firstTable = true;
        for (TableRequest tableRequest : parsed) {
            if (!firstTable) {
                out.write(',');
            }
            firstTable = false;
            out.writeBytes(JsonCodec.bytes(AttributeValues.NODES.textNode(tableRequest.name)));
            out.writeBytes(":[".getBytes(StandardCharsets.US_ASCII));
            ArrayNode left = null;
            boolean firstItem = true;
            for (int i = 0; i < tableRequest.keys.size(); i++) {
                byte[] bytes = tableRequest.table.getBytes(tableRequest.keys.get(i));
                if (bytes == null) {
                    continue;
                }
                if (size + bytes.length > BATCH_GET_RESPONSE_LIMIT) {
                    if (left == null) {
                        ObjectNode rest = tableRequest.original.deepCopy();
                        left = rest.putArray("Keys");
                        unprocessed.set(tableRequest.name, rest);
                    }
                    left.add(tableRequest.rawKeys.get(i));
                    continue;
                }
                size += bytes.length;
                if (!firstItem) {
                    out.write(',');
                }
                firstItem = false;
                out.writeBytes(tableRequest.projection == null ? bytes
                        : JsonCodec.bytes(Projection.apply(JsonCodec.object(bytes), tableRequest.projection)));
            }
            out.write(']');
        }
        out.writeBytes("},\"UnprocessedKeys\":".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(JsonCodec.bytes(unprocessed));
        out.write('}');
        return out.toByteArray();
    }

    // ---- BatchWriteItem

    byte[] batchWriteItem(JsonNode request) {
        JsonNode requestItems = request.get("RequestItems");
        if (requestItems == null || !requestItems.isObject() || requestItems.isEmpty()) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null");
        }
        record Write(Table table, StoreKey key, ObjectNode item, byte[] bytes) {
        }
        List<Write> writes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Table table = db.table(entry.getKey());
            Set<StoreKey> seen = new HashSet<>();
            for (JsonNode write : entry.getValue()) {
                JsonNode put = write.get("PutRequest");
                JsonNode delete = write.get("DeleteRequest");
                if ((put == null) == (delete == null)) {
                    throw DynamoDbException.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes: WriteRequest must hold one PutRequest or one DeleteRequest");
                }
                StoreKey key;
                if (put != null) {
                    ObjectNode item = AttributeValues.item(put.get("Item"), "Item");
                    key = table.keyOfItem(item);
                    table.checkIndexKeys(item);
                    checkSize(item);
                    writes.add(new Write(table, key, item, JsonCodec.bytes(item)));
                } else {
                    key = table.keyOfKeyMap(delete.get("Key"));
                    writes.add(new Write(table, key, null, null));
                }
                if (!seen.add(key)) {
                    throw DynamoDbException.validation("Provided list of item keys contains duplicates");
                }
            }
        }
        if (writes.isEmpty() || writes.size() > BATCH_WRITE_LIMIT) {
            throw DynamoDbException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: "
                    + "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
        }
        db.write(mutations -> {
            for (Write write : writes) {
                ObjectNode current = write.table.get(write.key);
                if (write.item != null || current != null) {
                    mutations.add(new Database.Mutation(write.table, write.key, current, write.item, write.bytes));
                }
            }
            return null;
        });
        return "{\"UnprocessedItems\":{}}".getBytes(StandardCharsets.US_ASCII);
    }
}
