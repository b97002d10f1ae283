package eu.passerelle.dynamodb.conformance;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Attribute values and tables for the conformance tests. */
final class Fixtures {

    private Fixtures() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    static AttributeValue b(byte... bytes) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
    }

    static Map<String, AttributeValue> item(Object... namesAndValues) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            item.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
        }
        return item;
    }

    /** A table keyed pk (S) + sk (S), on demand, with GSIs given as "name:partition:sort:projection[:include,…]" (sort may be empty). */
    static String table(DynamoDbClient client, String purpose, String... indexes) {
        String name = ConformanceEndpoint.tableName(purpose);
        List<AttributeDefinition> definitions = new ArrayList<>(List.of(
                AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build()));
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (String index : indexes) {
            String[] parts = index.split(":", -1);
            List<KeySchemaElement> key = new ArrayList<>();
            key.add(KeySchemaElement.builder().attributeName(parts[1]).keyType(KeyType.HASH).build());
            define(definitions, parts[1]);
            if (!parts[2].isEmpty()) {
                key.add(KeySchemaElement.builder().attributeName(parts[2]).keyType(KeyType.RANGE).build());
                define(definitions, parts[2]);
            }
            Projection.Builder projection = Projection.builder().projectionType(ProjectionType.fromValue(parts[3]));
            if (parts.length > 4) {
                projection.nonKeyAttributes(parts[4].split(","));
            }
            gsis.add(GlobalSecondaryIndex.builder().indexName(parts[0]).keySchema(key).projection(projection.build()).build());
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(definitions)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build());
        if (!gsis.isEmpty()) {
            request.globalSecondaryIndexes(gsis);
        }
        client.createTable(request.build());
        client.waiter().waitUntilTableExists(r -> r.tableName(name));
        return name;
    }

    private static void define(List<AttributeDefinition> definitions, String attribute) {
        if (definitions.stream().noneMatch(d -> d.attributeName().equals(attribute))) {
            ScalarAttributeType type = attribute.endsWith("Number") ? ScalarAttributeType.N : ScalarAttributeType.S;
            definitions.add(AttributeDefinition.builder().attributeName(attribute).attributeType(type).build());
        }
    }
}
