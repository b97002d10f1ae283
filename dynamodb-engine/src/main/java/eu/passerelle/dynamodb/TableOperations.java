package eu.passerelle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CreateTable, DescribeTable, UpdateTable (GSI create with backfill, GSI delete, billing),
 * DeleteTable, ListTables, UpdateTimeToLive, DescribeTimeToLive and the tagging calls. Tables
 * are ACTIVE as soon as created (as with other local emulators).
 */
final class TableOperations {

    private final Database db;
    private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();

    TableOperations(Database db) {
        this.db = db;
    }

    private static ObjectNode describe(Table table, String region, String status) {
        return table.descriptor().description(region, status, table.itemCount(), table.sizeBytes(), table.indexStats());
    }

    byte[] createTable(JsonNode request, String region) {
        TableDescriptor descriptor = TableDescriptor.fromRequest(request);
        Table table = db.createTable(descriptor);
        ObjectNode response = AttributeValues.NODES.objectNode();
        response.set("TableDescription", describe(table, region, "ACTIVE"));
        return JsonCodec.bytes(response);
    }

    byte[] describeTable(JsonNode request, String region) {
        Table table = db.table(ItemOperations.tableName(request));
        ObjectNode response = AttributeValues.NODES.objectNode();
        response.set("Table", describe(table, region, "ACTIVE"));
        return JsonCodec.bytes(response);
    }

    byte[] deleteTable(JsonNode request, String region) {
        Table table = db.deleteTable(ItemOperations.tableName(request));
        ObjectNode response = AttributeValues.NODES.objectNode();
        response.set("TableDescription", describe(table, region, "DELETING"));
        return JsonCodec.bytes(response);
    }

    byte[] listTables(JsonNode request) {
        int limit = request.path("Limit").asInt(100);
        if (limit < 1 || limit > 100) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
        }
        String after = request.path("ExclusiveStartTableName").asText(null);
        List<String> names = new ArrayList<>();
        for (String name : db.tableNames()) {
            if (after == null || name.compareTo(after) > 0) {
                names.add(name);
            }
        }
        ObjectNode response = AttributeValues.NODES.objectNode();
        ArrayNode list = response.putArray("TableNames");
        names.stream().limit(limit).forEach(list::add);
        if (names.size() > limit) {
            response.put("LastEvaluatedTableName", names.get(limit - 1));
        }
        return JsonCodec.bytes(response);
    }

    byte[] updateTable(JsonNode request, String region) {
        String name = ItemOperations.tableName(request);
        Table table = db.table(name);
        JsonNode stream = request.get("StreamSpecification");
        if (stream != null && stream.path("StreamEnabled").asBoolean(false)) {
            throw DynamoDbException.unsupported("StreamSpecification (DynamoDB Streams)");
        }
        ItemOperations.refuseLegacy(request, "ReplicaUpdates");
        TableDescriptor current = table.descriptor();
        Map<String, String> types = new HashMap<>(current.attributeTypes());
        JsonNode definitions = request.get("AttributeDefinitions");
        if (definitions != null && definitions.isArray()) {
            for (JsonNode definition : definitions) {
                String attribute = definition.path("AttributeName").asText();
                String type = definition.path("AttributeType").asText();
                String before = types.putIfAbsent(attribute, type);
                if (before != null && !before.equals(type)) {
                    throw DynamoDbException.invalidParameter("Cannot change the type of attribute " + attribute);
                }
            }
        }
        List<TableDescriptor.Index> indexes = new ArrayList<>(current.indexes());
        JsonNode updates = request.get("GlobalSecondaryIndexUpdates");
        if (updates != null && updates.isArray()) {
            String[] tableKey = {current.partitionKey(), current.sortKey()};
            for (JsonNode update : updates) {
                if (update.has("Create")) {
                    TableDescriptor.Index index = TableDescriptor.index(update.get("Create"), true, types, tableKey);
                    if (current.index(index.name()) != null) {
                        throw DynamoDbException.validation("One or more parameter values were invalid: Index with name " + index.name() + " already exists");
                    }
                    indexes.add(index);
                } else if (update.has("Delete")) {
                    String indexName = update.get("Delete").path("IndexName").asText();
                    if (!indexes.removeIf(i -> i.name().equals(indexName) && i.global())) {
                        throw DynamoDbException.resourceNotFound("Requested resource not found: Index: " + indexName + " not found");
                    }
                } else if (!update.has("Update")) {
                    throw DynamoDbException.validation("GlobalSecondaryIndexUpdate must hold Create, Update or Delete");
                }
            }
        }
        // Definitions no key uses any more go, as in CreateTable.
        Map<String, String> used = new HashMap<>();
        used.put(current.partitionKey(), types.get(current.partitionKey()));
        if (current.sortKey() != null) {
            used.put(current.sortKey(), types.get(current.sortKey()));
        }
        for (TableDescriptor.Index index : indexes) {
            used.put(index.partitionKey(), types.get(index.partitionKey()));
            if (index.sortKey() != null) {
                used.put(index.sortKey(), types.get(index.sortKey()));
            }
        }
        String billing = request.hasNonNull("BillingMode") ? request.get("BillingMode").asText() : null;
        JsonNode throughput = request.get("ProvisionedThroughput");
        db.redefine(name, d -> d.withIndexes(indexes, used).withBilling(billing, throughput));
        ObjectNode response = AttributeValues.NODES.objectNode();
        response.set("TableDescription", describe(db.table(name), region, "ACTIVE"));
        return JsonCodec.bytes(response);
    }

    byte[] updateTimeToLive(JsonNode request) {
        String name = ItemOperations.tableName(request);
        JsonNode specification = request.get("TimeToLiveSpecification");
        if (specification == null || !specification.hasNonNull("AttributeName") || !specification.hasNonNull("Enabled")) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null");
        }
        String attribute = specification.get("AttributeName").asText();
        boolean enabled = specification.get("Enabled").asBoolean();
        db.redefine(name, d -> {
            if (enabled && d.ttlAttribute() != null) {
                throw DynamoDbException.validation("TimeToLive is already enabled");
            }
            if (!enabled && d.ttlAttribute() == null) {
                throw DynamoDbException.validation("TimeToLive is already disabled");
            }
            return d.withTtl(enabled ? attribute : null);
        });
        ObjectNode response = AttributeValues.NODES.objectNode();
        response.set("TimeToLiveSpecification", specification);
        return JsonCodec.bytes(response);
    }

    byte[] describeTimeToLive(JsonNode request) {
        Table table = db.table(ItemOperations.tableName(request));
        ObjectNode response = AttributeValues.NODES.objectNode();
        ObjectNode description = response.putObject("TimeToLiveDescription");
        String attribute = table.descriptor().ttlAttribute();
        if (attribute == null) {
            description.put("TimeToLiveStatus", "DISABLED");
        } else {
            description.put("TimeToLiveStatus", "ENABLED");
            description.put("AttributeName", attribute);
        }
        return JsonCodec.bytes(response);
    }

    private Table byArn(JsonNode request) {
        String arn = request.path("ResourceArn").asText("");
        int slash = arn.indexOf(":table/");
        if (slash < 0) {
            throw DynamoDbException.validation("Invalid TableArn: " + arn);
        }
        String rest = arn.substring(slash + ":table/".length());
        int index = rest.indexOf('/');
        return db.table(index < 0 ? rest : rest.substring(0, index));
    }

    byte[] tagResource(JsonNode request) {
        Table table = byArn(request);
        Map<String, String> tableTags = tags.computeIfAbsent(table.descriptor().name(), n -> new ConcurrentHashMap<>());
        for (JsonNode tag : request.path("Tags")) {
            tableTags.put(tag.path("Key").asText(), tag.path("Value").asText());
        }
        return "{}".getBytes();
    }

    byte[] untagResource(JsonNode request) {
        Table table = byArn(request);
        Map<String, String> tableTags = tags.getOrDefault(table.descriptor().name(), Map.of());
        for (JsonNode key : request.path("TagKeys")) {
            tableTags.remove(key.asText());
        }
        return "{}".getBytes();
    }

    byte[] listTagsOfResource(JsonNode request) {
        Table table = byArn(request);
        ObjectNode response = AttributeValues.NODES.objectNode();
        ArrayNode list = response.putArray("Tags");
        tags.getOrDefault(table.descriptor().name(), Map.of()).forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        return JsonCodec.bytes(response);
    }
}
