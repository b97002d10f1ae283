package eu.passerelle.local.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code AWS::DynamoDB::Table}: its keys and indexes, which the local runtime creates and the
 * contract tests compare with what the code expects.
 *
 * @param tableName the explicit TableName, or null when CloudFormation names it
 * @param attributeTypes attribute name to S, N or B
 */
public record TableDef(String logicalId, Object tableName, Map<String, String> attributeTypes, KeySchema key,
                       List<Index> globalIndexes, List<Index> localIndexes, String timeToLiveAttribute,
                       String streamViewType, Map<String, Object> properties) {

    public record KeySchema(String partitionKey, String sortKey) {
        static KeySchema of(Object keySchema) {
            String hash = null;
            String range = null;
            for (Object element : SamTemplate.list(keySchema)) {
                Map<String, Object> k = SamTemplate.map(element);
                if ("HASH".equals(k.get("KeyType"))) {
                    hash = String.valueOf(k.get("AttributeName"));
                } else if ("RANGE".equals(k.get("KeyType"))) {
                    range = String.valueOf(k.get("AttributeName"));
                }
            }
            return new KeySchema(hash, range);
        }
    }

    /** @param projection ALL, KEYS_ONLY or INCLUDE; {@code nonKeyAttributes} for INCLUDE */
    public record Index(String name, KeySchema key, String projection, List<String> nonKeyAttributes) {
        static Index of(Object value) {
            Map<String, Object> i = SamTemplate.map(value);
            Map<String, Object> projection = SamTemplate.map(i.get("Projection"));
            return new Index(String.valueOf(i.get("IndexName")), KeySchema.of(i.get("KeySchema")),
                    String.valueOf(projection.getOrDefault("ProjectionType", "ALL")),
                    SamTemplate.list(projection.get("NonKeyAttributes")).stream().map(String::valueOf).toList());
        }
    }

    static TableDef of(String logicalId, Map<String, Object> p) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Object a : SamTemplate.list(p.get("AttributeDefinitions"))) {
            Map<String, Object> attribute = SamTemplate.map(a);
            types.put(String.valueOf(attribute.get("AttributeName")), String.valueOf(attribute.get("AttributeType")));
        }
        Map<String, Object> ttl = SamTemplate.map(p.get("TimeToLiveSpecification"));
        Map<String, Object> stream = SamTemplate.map(p.get("StreamSpecification"));
        return new TableDef(logicalId, p.get("TableName"), types, KeySchema.of(p.get("KeySchema")),
                SamTemplate.list(p.get("GlobalSecondaryIndexes")).stream().map(Index::of).toList(),
                SamTemplate.list(p.get("LocalSecondaryIndexes")).stream().map(Index::of).toList(),
                Boolean.parseBoolean(String.valueOf(ttl.get("Enabled"))) ? String.valueOf(ttl.get("AttributeName")) : null,
                stream.isEmpty() ? null : String.valueOf(stream.get("StreamViewType")), p);
    }
}
