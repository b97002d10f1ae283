package eu.passerelle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.dynamodb.expression.Condition;
import eu.passerelle.dynamodb.expression.ConditionEvaluator;
import eu.passerelle.dynamodb.expression.ExpressionAttributes;
import eu.passerelle.dynamodb.expression.ExpressionParser;
import eu.passerelle.dynamodb.expression.Operand;
import eu.passerelle.dynamodb.expression.Path;
import eu.passerelle.dynamodb.expression.Projection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.nio.charset.StandardCharsets;

/**
 * Query and Scan ("Query", "Scan" in the API reference; "Paginating table query results", "Scan:
 * parallel scan" in the developer guide): a Query walks one key range of the table's or the
 * index's sorted map; a page ends at Limit items evaluated or 1 MB read, with LastEvaluatedKey.
 */
final class ReadOperations {

    private static final long PAGE_BYTES = 1024 * 1024;

    private final Database db;

    ReadOperations(Database db) {
        this.db = db;
    }

    /** The request's shared parts: table, index, filter, projection, select, limit, start key. */
    private record Read(Table table, TableDescriptor.Index index, Condition filter, List<Path> projection, String select,
                        int limit, StoreKey start) {
    }

    private Read parse(JsonNode request, ExpressionAttributes attributes, boolean query) {
        Table table = db.table(ItemOperations.tableName(request));
        ItemOperations.refuseLegacy(request, "KeyConditions", "QueryFilter", "ScanFilter", "ConditionalOperator");
        TableDescriptor.Index index = null;
        if (request.hasNonNull("IndexName")) {
            index = table.descriptor().index(request.get("IndexName").asText());
            if (index == null) {
                throw DynamoDbException.validation("The table does not have the specified index: " + request.get("IndexName").asText());
            }
            if (index.global() && request.path("ConsistentRead").asBoolean(false)) {
                throw DynamoDbException.validation("Consistent reads are not supported on global secondary indexes");
            }
        }
        Condition filter = ItemOperations.condition(request, "FilterExpression", ExpressionParser.FILTER, attributes);
        List<Path> projection = ItemOperations.projection(request, attributes);
        String select = request.path("Select").asText(projection != null ? "SPECIFIC_ATTRIBUTES" : index != null ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES");
        if (!Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT").contains(select)) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + select + "' at 'select' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
        }
        if (projection != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw DynamoDbException.validation("Cannot specify the ProjectionExpression when choosing to get " + select);
        }
        if (projection == null && select.equals("SPECIFIC_ATTRIBUTES")) {
            throw DynamoDbException.validation("Select type SPECIFIC_ATTRIBUTES requires a ProjectionExpression or AttributesToGet");
        }
        if (select.equals("ALL_PROJECTED_ATTRIBUTES") && index == null) {
            throw DynamoDbException.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }
        if (select.equals("ALL_ATTRIBUTES") && index != null && index.global() && !index.projectionType().equals("ALL")) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index "
                    + index.name() + " because its projection type is not ALL");
        }
        int limit = Integer.MAX_VALUE;
        if (request.has("Limit")) {
            limit = request.get("Limit").asInt(0);
            if (limit < 1) {
                throw DynamoDbException.validation("1 validation error detected: Value '" + request.get("Limit")
                        + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
            }
        }
        StoreKey start = request.hasNonNull("ExclusiveStartKey") ? startKey(table, index, request.get("ExclusiveStartKey")) : null;
        return new Read(table, index, filter, projection, select, limit, start);
    }

    private static StoreKey startKey(Table table, TableDescriptor.Index index, JsonNode start) {
        ObjectNode key = AttributeValues.item(start, "ExclusiveStartKey");
        TableDescriptor d = table.descriptor();
        try {
            StoreKey tableKey = table.keyOfKeyMap(table.keyAttributes(key, null));
            if (index == null) {
                if (key.size() != (d.sortKey() == null ? 1 : 2)) {
                    throw DynamoDbException.validation("The provided starting key is invalid: The provided key element does not match the schema");
                }
                return tableKey;
            }
            StoreKey indexKey = table.indexKey(index, key, tableKey);
            if (indexKey == null) {
                throw DynamoDbException.validation("The provided starting key is invalid: The provided key element does not match the schema");
            }
            return indexKey;
        } catch (DynamoDbException | NullPointerException e) {
            throw DynamoDbException.validation("The provided starting key is invalid: The provided key element does not match the schema");
        }
    }

    // ---- Query

    byte[] query(JsonNode request) {
        ExpressionAttributes attributes = ExpressionAttributes.of(request);
        Read read = parse(request, attributes, true);
        JsonNode expression = request.get("KeyConditionExpression");
        if (expression == null || expression.isNull()) {
            throw DynamoDbException.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        Condition keyCondition = ExpressionParser.condition(expression.asText(), ExpressionParser.KEY_CONDITION, attributes);
        attributes.requireAllUsed();
        TableDescriptor d = read.table.descriptor();
        String partitionName = read.index == null ? d.partitionKey() : read.index.partitionKey();
        String sortName = read.index == null ? d.sortKey() : read.index.sortKey();
        List<Condition> parts = new ArrayList<>();
        flatten(keyCondition, parts);
        KeyValue partition = null;
        Condition sortCondition = null;
        for (Condition part : parts) {
            String attribute = keyAttribute(part);
            if (attribute.equals(partitionName) && part instanceof Condition.Comparison c && c.operator().equals("=") && partition == null) {
                partition = keyOperand(c.right(), d.typeOf(partitionName));
            } else if (attribute.equals(sortName) && sortCondition == null) {
                sortCondition = part;
            } else if (!attribute.equals(partitionName) && !attribute.equals(sortName)) {
                throw DynamoDbException.validation("Query condition missed key schema element: " + (partition == null ? partitionName : sortName));
            } else {
                throw DynamoDbException.validation("Query key condition not supported");
            }
        }
        if (partition == null) {
            throw DynamoDbException.validation("Query condition missed key schema element: " + partitionName);
        }
        boolean isIndex = read.index != null;
        KeyValue tail = null;
        StoreKey low;
        StoreKey high;
        boolean lowInclusive = true;
        boolean highInclusive = true;
        KeyValue prefix = null;
        KeyValue lowTail = isIndex ? KeyValue.MIN : null;
        KeyValue highTail = isIndex ? KeyValue.MAX : null;
        if (sortName == null) {
            low = new StoreKey(partition, null, lowTail, lowTail);
            high = new StoreKey(partition, null, highTail, highTail);
        } else if (sortCondition == null) {
            low = new StoreKey(partition, KeyValue.MIN, null, null);
            high = new StoreKey(partition, KeyValue.MAX, null, null);
        } else {
            String type = d.typeOf(sortName);
            low = new StoreKey(partition, KeyValue.MIN, null, null);
            high = new StoreKey(partition, KeyValue.MAX, null, null);
            if (sortCondition instanceof Condition.Comparison c) {
                KeyValue v = keyOperand(c.right(), type);
                switch (c.operator()) {
                    case "=" -> {
                        low = new StoreKey(partition, v, lowTail, lowTail);
                        high = new StoreKey(partition, v, highTail, highTail);
                    }
                    case "<" -> {
                        high = new StoreKey(partition, v, lowTail, lowTail);
                        highInclusive = false;
                    }
                    case "<=" -> high = new StoreKey(partition, v, highTail, highTail);
                    case ">" -> {
                        low = new StoreKey(partition, v, highTail, highTail);
                        lowInclusive = false;
                    }
                    case ">=" -> low = new StoreKey(partition, v, lowTail, lowTail);
                    default -> throw DynamoDbException.validation("Unsupported operator on KeyConditionExpression: " + c.operator());
                }
            } else if (sortCondition instanceof Condition.Between b) {
                KeyValue from = keyOperand(b.low(), type);
                KeyValue to = keyOperand(b.high(), type);
                if (from.compareTo(to) > 0) {
                    throw DynamoDbException.validation("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound");
                }
                low = new StoreKey(partition, from, lowTail, lowTail);
                high = new StoreKey(partition, to, highTail, highTail);
            } else if (sortCondition instanceof Condition.Function f && f.name().equals("begins_with")) {
                if (type.equals("N")) {
                    throw DynamoDbException.validation("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
                }
                prefix = keyOperand(f.argument(), type);
                low = new StoreKey(partition, prefix, lowTail, lowTail);
            } else {
                throw DynamoDbException.validation("Query key condition not supported");
            }
        }
        NavigableMap<StoreKey, byte[]> range = (isIndex ? read.table.index(read.index.name()) : read.table.items())
                .subMap(low, lowInclusive, high, highInclusive);
        boolean forward = request.path("ScanIndexForward").asBoolean(true);
        if (!forward) {
            range = range.descendingMap();
        }
        if (read.start != null) {
            range = range.tailMap(read.start, false);
        }
        final KeyValue mustStartWith = prefix;
        return page(read, range, key -> mustStartWith == null || key.b().startsWith(mustStartWith), forward || prefix == null, -1, 0);
    }

    private static void flatten(Condition condition, List<Condition> parts) {
        if (condition instanceof Condition.And and) {
            flatten(and.left(), parts);
            flatten(and.right(), parts);
        } else if (condition instanceof Condition.Comparison || condition instanceof Condition.Between || condition instanceof Condition.Function) {
            parts.add(condition);
        } else {
            throw DynamoDbException.validation("Invalid operator used in KeyConditionExpression: " + (condition instanceof Condition.Or ? "OR" : "NOT"));
        }
    }

    private static String keyAttribute(Condition part) {
        Operand operand;
        if (part instanceof Condition.Comparison c) {
            operand = c.left();
        } else if (part instanceof Condition.Between b) {
            operand = b.value();
        } else {
            Condition.Function f = (Condition.Function) part;
            if (!f.name().equals("begins_with")) {
                throw DynamoDbException.validation("Invalid operator used in KeyConditionExpression: " + f.name());
            }
            operand = f.path();
        }
        if (!(operand instanceof Operand.PathOperand path) || !path.path().isTopLevel()) {
            throw DynamoDbException.validation("Invalid KeyConditionExpression: the key attribute must be on the left of the comparison and a top-level attribute");
        }
        if (part instanceof Condition.Comparison c && c.operator().equals("<>")) {
            throw DynamoDbException.validation("Unsupported operator on KeyConditionExpression: operator: <>");
        }
        return path.path().top();
    }

    private static KeyValue keyOperand(Operand operand, String type) {
        if (!(operand instanceof Operand.Value value)) {
            throw DynamoDbException.validation("Invalid KeyConditionExpression: a key condition compares a key attribute with an expression attribute value");
        }
        if (!AttributeValues.type(value.value()).equals(type)) {
            throw DynamoDbException.invalidParameter("Condition parameter type does not match schema type");
        }
        return KeyValue.of(value.value());
    }

    // ---- Scan

    byte[] scan(JsonNode request) {
        ExpressionAttributes attributes = ExpressionAttributes.of(request);
        Read read = parse(request, attributes, false);
        attributes.requireAllUsed();
        int segment = -1;
        int total = 0;
        if (request.has("Segment") || request.has("TotalSegments")) {
            if (!request.has("Segment") || !request.has("TotalSegments")) {
                throw DynamoDbException.validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
            }
            segment = request.get("Segment").asInt(-1);
            total = request.get("TotalSegments").asInt(0);
            if (total < 1 || total > 1_000_000 || segment < 0 || segment >= total) {
                throw DynamoDbException.validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: "
                        + segment + " is not less than TotalSegments: " + total);
            }
        }
        NavigableMap<StoreKey, byte[]> range = read.index == null ? read.table.items() : read.table.index(read.index.name());
        if (read.start != null) {
            range = range.tailMap(read.start, false);
        }
        return page(read, range, key -> true, true, segment, total);
    }

    // ---- one page

    private interface KeyTest {
        boolean test(StoreKey key);
    }

    /**
     * Walks {@code range} (table items or index entries) and answers one page.
     *
     * @param stopAtMismatch whether the first key failing {@code keyTest} ends the walk (a forward
     *                       begins_with range); otherwise failing keys are skipped
     */
    private byte[] page(Read read, NavigableMap<StoreKey, byte[]> range, KeyTest keyTest, boolean stopAtMismatch, int segment, int totalSegments) {
        boolean count = read.select.equals("COUNT");
        // Nothing to evaluate or cut: the stored bytes go out as they are.
        boolean raw = !count && read.filter == null && read.projection == null
                && (read.index == null || read.index.projectionType().equals("ALL"));
        ArrayNode items = count || raw ? null : AttributeValues.NODES.arrayNode();
        List<byte[]> rawItems = raw ? new ArrayList<>() : null;
        int matched = 0;
        int scanned = 0;
        long bytesRead = 0;
        StoreKey last = null;
        boolean more = false;
        boolean isIndex = read.index != null;
        for (Map.Entry<StoreKey, byte[]> entry : range.entrySet()) {
            StoreKey key = entry.getKey();
            if (!keyTest.test(key)) {
                if (stopAtMismatch) {
                    break;
                }
                continue;
            }
            if (scanned >= read.limit || bytesRead >= PAGE_BYTES) {
                more = true;
                break;
            }
            if (segment >= 0 && Math.floorMod((isIndex ? key.c() : key.a()).stableHash(), totalSegments) != segment) {
                continue;
            }
            byte[] bytes = entry.getValue();
            scanned++;
            bytesRead += bytes.length;
            last = key;
            if (raw) {
                matched++;
                rawItems.add(bytes);
                continue;
            }
            ObjectNode visible = read.table.project(read.index, JsonCodec.object(bytes));
            if (read.filter != null && !ConditionEvaluator.test(read.filter, visible)) {
                continue;
            }
            matched++;
            if (!count) {
                items.add(read.projection == null ? visible : Projection.apply(visible, read.projection));
            }
        }
        ObjectNode lastKey = more && last != null ? read.table.keyAttributes(last, read.index) : null;
        if (raw) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.min(bytesRead + 256, Integer.MAX_VALUE));
            out.writeBytes("{\"Items\":[".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < rawItems.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.writeBytes(rawItems.get(i));
            }
            out.writeBytes(("],\"Count\":" + matched + ",\"ScannedCount\":" + scanned).getBytes(StandardCharsets.US_ASCII));
            if (lastKey != null) {
                out.writeBytes(",\"LastEvaluatedKey\":".getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(JsonCodec.bytes(lastKey));
            }
            out.write('}');
            return out.toByteArray();
        }
        ObjectNode response = AttributeValues.NODES.objectNode();
        if (!count) {
            response.set("Items", items);
        }
        response.put("Count", matched);
        response.put("ScannedCount", scanned);
        if (lastKey != null) {
            response.set("LastEvaluatedKey", lastKey);
        }
        return JsonCodec.bytes(response);
    }
}
