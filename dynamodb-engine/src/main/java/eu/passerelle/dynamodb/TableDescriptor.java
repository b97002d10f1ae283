package eu.passerelle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A table's definition, validated as CreateTable's API reference describes it; immutable (a new
 * one replaces it when indexes or TTL change). Its JSON form is what the write-ahead log keeps.
 */
public final class TableDescriptor {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final Pattern INDEX_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    /** A global or local secondary index. */
    public record Index(String name, boolean global, String partitionKey, String sortKey, String projectionType,
                        List<String> nonKeyAttributes, JsonNode provisionedThroughput) {

        ObjectNode toJson() {
            ObjectNode node = AttributeValues.NODES.objectNode();
            node.put("IndexName", name);
            node.set("KeySchema", keySchema(partitionKey, sortKey));
            ObjectNode projection = node.putObject("Projection");
            projection.put("ProjectionType", projectionType);
            if (!nonKeyAttributes.isEmpty()) {
                ArrayNode names = projection.putArray("NonKeyAttributes");
                nonKeyAttributes.forEach(names::add);
            }
            if (provisionedThroughput != null) {
                node.set("ProvisionedThroughput", provisionedThroughput);
            }
            return node;
        }
    }

    private final String name;
    private final String partitionKey;
    private final String sortKey;
    private final Map<String, String> attributeTypes;
    private final List<Index> indexes;
    private final String billingMode;
    private final JsonNode provisionedThroughput;
    private final long creationMillis;
    private final String tableId;
    private final String ttlAttribute;

    private TableDescriptor(String name, String partitionKey, String sortKey, Map<String, String> attributeTypes, List<Index> indexes,
                            String billingMode, JsonNode provisionedThroughput, long creationMillis, String tableId, String ttlAttribute) {
        this.name = name;
        this.partitionKey = partitionKey;
        this.sortKey = sortKey;
        this.attributeTypes = Map.copyOf(attributeTypes);
        this.indexes = List.copyOf(indexes);
        this.billingMode = billingMode;
        this.provisionedThroughput = provisionedThroughput;
        this.creationMillis = creationMillis;
        this.tableId = tableId;
        this.ttlAttribute = ttlAttribute;
    }

    public static void requireTableName(JsonNode name) {
        if (name == null || !name.isTextual() || !NAME.matcher(name.asText()).matches()) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + (name == null ? null : name.asText())
                    + "' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and length between 3 and 255");
        }
    }

    /** From a CreateTable request (or the log's copy of one, with its creation time, id and TTL). */
    public static TableDescriptor fromRequest(JsonNode request) {
        requireTableName(request.get("TableName"));
        String name = request.get("TableName").asText();
        JsonNode stream = request.get("StreamSpecification");
        if (stream != null && stream.path("StreamEnabled").asBoolean(false)) {
            throw DynamoDbException.unsupported("StreamSpecification (DynamoDB Streams)");
        }
        if (request.has("SSESpecification") && request.path("SSESpecification").path("Enabled").asBoolean(false)
                && request.path("SSESpecification").has("KMSMasterKeyId")) {
            throw DynamoDbException.unsupported("SSESpecification with a KMS key");
        }
        Map<String, String> types = new HashMap<>();
        JsonNode definitions = request.get("AttributeDefinitions");
        if (definitions == null || !definitions.isArray() || definitions.isEmpty()) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null");
        }
        for (JsonNode definition : definitions) {
            String attribute = definition.path("AttributeName").asText("");
            String type = definition.path("AttributeType").asText("");
            if (attribute.isEmpty() || !AttributeValues.isScalarKeyType(type)) {
                throw DynamoDbException.invalidParameter("Invalid AttributeDefinition: " + definition);
            }
            if (types.put(attribute, type) != null) {
                throw DynamoDbException.invalidParameter("Cannot have two attributes with the same name");
            }
        }
        String[] key = keySchema(request.get("KeySchema"), types, "Table");
        Set<String> used = new HashSet<>();
        used.add(key[0]);
        if (key[1] != null) {
            used.add(key[1]);
        }
        List<Index> indexes = new ArrayList<>();
        String billing = request.path("BillingMode").asText("PROVISIONED");
        for (String kind : List.of("GlobalSecondaryIndexes", "LocalSecondaryIndexes")) {
            JsonNode list = request.get(kind);
            if (list == null || list.isNull()) {
                continue;
            }
            boolean global = kind.startsWith("Global");
            for (JsonNode index : list) {
                Index parsed = index(index, global, types, key);
                for (Index other : indexes) {
                    if (other.name.equals(parsed.name)) {
                        throw DynamoDbException.invalidParameter("Duplicate index name: " + parsed.name);
                    }
                }
                used.add(parsed.partitionKey);
                if (parsed.sortKey != null) {
                    used.add(parsed.sortKey);
                }
                indexes.add(parsed);
            }
        }
        if (!used.equals(types.keySet())) {
            throw DynamoDbException.invalidParameter("Some AttributeDefinitions are not used. AttributeDefinitions: "
                    + types.keySet() + ", keys used: " + used);
        }
        long created = request.has("CreationDateTimeMillis") ? request.get("CreationDateTimeMillis").asLong() : System.currentTimeMillis();
        String id = request.has("TableId") ? request.get("TableId").asText() : UUID.randomUUID().toString();
        String ttl = request.has("TtlAttribute") ? request.get("TtlAttribute").asText() : null;
        return new TableDescriptor(name, key[0], key[1], types, indexes, billing, request.get("ProvisionedThroughput"), created, id, ttl);
    }

    static Index index(JsonNode index, boolean global, Map<String, String> types, String[] tableKey) {
        String indexName = index.path("IndexName").asText("");
        if (!INDEX_NAME.matcher(indexName).matches()) {
            throw DynamoDbException.validation("Invalid index name: " + indexName);
        }
        String[] key = keySchema(index.get("KeySchema"), types, "Index");
        if (!global && (!key[0].equals(tableKey[0]) || key[1] == null)) {
            throw DynamoDbException.invalidParameter("Table KeySchema does not have a range key or the local index " + indexName
                    + " does not share the table's partition key");
        }
        JsonNode projection = index.get("Projection");
        String type = projection == null ? "" : projection.path("ProjectionType").asText("");
        if (!Set.of("ALL", "KEYS_ONLY", "INCLUDE").contains(type)) {
            throw DynamoDbException.invalidParameter("Unknown ProjectionType: " + type);
        }
        List<String> nonKey = new ArrayList<>();
        JsonNode names = projection.get("NonKeyAttributes");
        if (names != null && names.isArray()) {
            names.forEach(n -> nonKey.add(n.asText()));
        }
        if (!type.equals("INCLUDE") && !nonKey.isEmpty()) {
            throw DynamoDbException.invalidParameter("ProjectionType is " + type + ", but NonKeyAttributes is specified");
        }
        if (type.equals("INCLUDE") && nonKey.isEmpty()) {
            throw DynamoDbException.invalidParameter("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
        }
        return new Index(indexName, global, key[0], key[1], type, nonKey, index.get("ProvisionedThroughput"));
    }

    private static String[] keySchema(JsonNode schema, Map<String, String> types, String what) {
        if (schema == null || !schema.isArray() || schema.isEmpty() || schema.size() > 2) {
            throw DynamoDbException.validation("1 validation error detected: Value at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2 and greater than or equal to 1");
        }
        String[] key = new String[2];
        for (int i = 0; i < schema.size(); i++) {
            String attribute = schema.get(i).path("AttributeName").asText("");
            String keyType = schema.get(i).path("KeyType").asText("");
            if (!types.containsKey(attribute)) {
                throw DynamoDbException.invalidParameter(what + " KeySchema: Some index key attributes are not defined in AttributeDefinitions. Keys: ["
                        + attribute + "], AttributeDefinitions: " + types.keySet());
            }
            if (i == 0 && !keyType.equals("HASH")) {
                throw DynamoDbException.invalidParameter("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
            }
            if (i == 1 && !keyType.equals("RANGE")) {
                throw DynamoDbException.invalidParameter("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
            }
            key[i] = attribute;
        }
        if (key[0].equals(key[1])) {
            throw DynamoDbException.invalidParameter("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        return key;
    }

    static ArrayNode keySchema(String partition, String sort) {
        ArrayNode schema = AttributeValues.NODES.arrayNode();
        schema.addObject().put("AttributeName", partition).put("KeyType", "HASH");
        if (sort != null) {
            schema.addObject().put("AttributeName", sort).put("KeyType", "RANGE");
        }
        return schema;
    }

    /** The form the write-ahead log keeps, read back by {@link #fromRequest}. */
    public ObjectNode toJson() {
        ObjectNode node = AttributeValues.NODES.objectNode();
        node.put("TableName", name);
        ArrayNode definitions = node.putArray("AttributeDefinitions");
        attributeTypes.forEach((attribute, type) -> definitions.addObject().put("AttributeName", attribute).put("AttributeType", type));
        node.set("KeySchema", keySchema(partitionKey, sortKey));
        ArrayNode globals = AttributeValues.NODES.arrayNode();
        ArrayNode locals = AttributeValues.NODES.arrayNode();
        for (Index index : indexes) {
            (index.global ? globals : locals).add(index.toJson());
        }
        if (!globals.isEmpty()) {
            node.set("GlobalSecondaryIndexes", globals);
        }
        if (!locals.isEmpty()) {
            node.set("LocalSecondaryIndexes", locals);
        }
        node.put("BillingMode", billingMode);
        if (provisionedThroughput != null) {
            node.set("ProvisionedThroughput", provisionedThroughput);
        }
        node.put("CreationDateTimeMillis", creationMillis);
        node.put("TableId", tableId);
        if (ttlAttribute != null) {
            node.put("TtlAttribute", ttlAttribute);
        }
        return node;
    }

    /** DescribeTable's TableDescription. */
    public ObjectNode description(String region, String status, long itemCount, long sizeBytes, Map<String, long[]> indexStats) {
        ObjectNode node = AttributeValues.NODES.objectNode();
        node.put("TableName", name);
        node.put("TableStatus", status);
        ArrayNode definitions = node.putArray("AttributeDefinitions");
        attributeTypes.forEach((attribute, type) -> definitions.addObject().put("AttributeName", attribute).put("AttributeType", type));
        node.set("KeySchema", keySchema(partitionKey, sortKey));
        node.put("CreationDateTime", BigDecimal.valueOf(creationMillis, 3));
        node.put("ItemCount", itemCount);
        node.put("TableSizeBytes", sizeBytes);
        String arn = "arn:aws:dynamodb:" + region + ":000000000000:table/" + name;
        node.put("TableArn", arn);
        node.put("TableId", tableId);
        node.set("ProvisionedThroughput", throughput(provisionedThroughput));
        node.putObject("BillingModeSummary").put("BillingMode", billingMode)
                .put("LastUpdateToPayPerRequestDateTime", BigDecimal.valueOf(creationMillis, 3));
        node.put("DeletionProtectionEnabled", false);
        ArrayNode globals = AttributeValues.NODES.arrayNode();
        ArrayNode locals = AttributeValues.NODES.arrayNode();
        for (Index index : indexes) {
            ObjectNode described = index.toJson();
            long[] stats = indexStats.getOrDefault(index.name, new long[2]);
            described.put("IndexArn", arn + "/index/" + index.name);
            described.put("ItemCount", stats[0]);
            described.put("IndexSizeBytes", stats[1]);
            if (index.global) {
                described.put("IndexStatus", "ACTIVE");
                described.put("Backfilling", false);
                described.set("ProvisionedThroughput", throughput(index.provisionedThroughput));
                globals.add(described);
            } else {
                locals.add(described);
            }
        }
        if (!globals.isEmpty()) {
            node.set("GlobalSecondaryIndexes", globals);
        }
        if (!locals.isEmpty()) {
            node.set("LocalSecondaryIndexes", locals);
        }
        return node;
    }

    private static ObjectNode throughput(JsonNode given) {
        ObjectNode node = AttributeValues.NODES.objectNode();
        node.put("NumberOfDecreasesToday", 0);
        node.put("ReadCapacityUnits", given == null ? 0 : given.path("ReadCapacityUnits").asLong(0));
        node.put("WriteCapacityUnits", given == null ? 0 : given.path("WriteCapacityUnits").asLong(0));
        return node;
    }

    public TableDescriptor withTtl(String attribute) {
        return new TableDescriptor(name, partitionKey, sortKey, attributeTypes, indexes, billingMode, provisionedThroughput, creationMillis, tableId, attribute);
    }

    public TableDescriptor withIndexes(List<Index> newIndexes, Map<String, String> newTypes) {
        return new TableDescriptor(name, partitionKey, sortKey, newTypes, newIndexes, billingMode, provisionedThroughput, creationMillis, tableId, ttlAttribute);
    }

    public TableDescriptor withBilling(String mode, JsonNode throughput) {
        return new TableDescriptor(name, partitionKey, sortKey, attributeTypes, indexes, mode == null ? billingMode : mode,
                throughput == null ? provisionedThroughput : throughput, creationMillis, tableId, ttlAttribute);
    }

    public String name() {
        return name;
    }

    public String partitionKey() {
        return partitionKey;
    }

    public String sortKey() {
        return sortKey;
    }

    public String typeOf(String attribute) {
        return attributeTypes.get(attribute);
    }

    public Map<String, String> attributeTypes() {
        return attributeTypes;
    }

    public List<Index> indexes() {
        return indexes;
    }

    public Index index(String indexName) {
        for (Index index : indexes) {
            if (index.name.equals(indexName)) {
                return index;
            }
        }
        return null;
    }

    public String ttlAttribute() {
        return ttlAttribute;
    }
}
