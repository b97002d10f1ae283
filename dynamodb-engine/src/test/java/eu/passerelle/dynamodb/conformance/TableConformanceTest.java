package eu.passerelle.dynamodb.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static eu.passerelle.dynamodb.conformance.Fixtures.item;
import static eu.passerelle.dynamodb.conformance.Fixtures.n;
import static eu.passerelle.dynamodb.conformance.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** API reference: CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable, UpdateTimeToLive, DescribeTimeToLive; developer guide: "Time to Live (TTL)". */
class TableConformanceTest {

    private final DynamoDbClient client = ConformanceEndpoint.client();

    @Test
    @DisplayName("CreateTable / DescribeTable / ListTables / DeleteTable, and the errors of each")
    void tableLifecycle() {
        String name = Fixtures.table(client, "lifecycle", "byOwner:owner::KEYS_ONLY");
        TableDescription described = client.describeTable(r -> r.tableName(name)).table();
        assertThat(described.tableStatusAsString()).isEqualTo("ACTIVE");
        assertThat(described.keySchema()).hasSize(2);
        assertThat(described.globalSecondaryIndexes()).singleElement().satisfies(i -> assertThat(i.indexName()).isEqualTo("byOwner"));
        assertThat(client.listTables().tableNames()).contains(name);
        assertThatThrownBy(() -> client.createTable(r -> r.tableName(name).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")))).isInstanceOf(ResourceInUseException.class);
        client.deleteTable(r -> r.tableName(name));
        client.waiter().waitUntilTableNotExists(r -> r.tableName(name));
        assertThatThrownBy(() -> client.describeTable(r -> r.tableName(name))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    @DisplayName("CreateTable: an attribute definition no key uses is a ValidationException")
    void unusedDefinitions() {
        assertThatThrownBy(() -> client.createTable(r -> r.tableName(ConformanceEndpoint.tableName("bad")).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S), a -> a.attributeName("x").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")))).isInstanceOf(DynamoDbException.class);
    }

    @Test
    @DisplayName("UpdateTable, GlobalSecondaryIndexUpdates Create: the new index holds the items written before it")
    void addIndexBackfills() throws InterruptedException {
        String name = Fixtures.table(client, "backfill");
        client.putItem(r -> r.tableName(name).item(item("pk", s("a"), "sk", s("1"), "owner", s("zoe"))));
        client.putItem(r -> r.tableName(name).item(item("pk", s("b"), "sk", s("1"))));
        client.updateTable(r -> r.tableName(name)
                .attributeDefinitions(a -> a.attributeName("owner").attributeType(ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(c -> c.indexName("byOwner")
                        .keySchema(k -> k.attributeName("owner").keyType("HASH")).projection(p -> p.projectionType("ALL"))).build()));
        for (int i = 0; i < 600; i++) {
            var index = client.describeTable(r -> r.tableName(name)).table().globalSecondaryIndexes().get(0);
            if (index.indexStatusAsString().equals("ACTIVE") && !Boolean.TRUE.equals(index.backfilling())) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(client.query(r -> r.tableName(name).indexName("byOwner").keyConditionExpression("#o = :z")
                .expressionAttributeNames(Map.of("#o", "owner")).expressionAttributeValues(Map.of(":z", s("zoe")))).items())
                .singleElement().satisfies(i -> assertThat(i.get("pk")).isEqualTo(s("a")));
    }

    @Test
    @DisplayName("Time to Live: UpdateTimeToLive / DescribeTimeToLive; expired items are deleted by the background sweeper")
    void timeToLive() throws InterruptedException {
        String name = Fixtures.table(client, "ttl");
        client.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(t -> t.attributeName("expires").enabled(true)));
        assertThat(client.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription().timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assumeTrue(ConformanceEndpoint.onEngine(), "DynamoDB deletes expired items within days, not seconds");
        long past = Instant.now().minusSeconds(5).getEpochSecond();
        long future = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
        client.putItem(r -> r.tableName(name).item(item("pk", s("old"), "sk", s("1"), "expires", n(String.valueOf(past)))));
        client.putItem(r -> r.tableName(name).item(item("pk", s("new"), "sk", s("1"), "expires", n(String.valueOf(future)))));
        client.putItem(r -> r.tableName(name).item(item("pk", s("none"), "sk", s("1"))));
        for (int i = 0; i < 100 && client.getItem(r -> r.tableName(name).key(item("pk", s("old"), "sk", s("1")))).hasItem(); i++) {
            Thread.sleep(50);
        }
        assertThat(client.getItem(r -> r.tableName(name).key(item("pk", s("old"), "sk", s("1")))).hasItem()).isFalse();
        assertThat(client.getItem(r -> r.tableName(name).key(item("pk", s("new"), "sk", s("1")))).hasItem()).isTrue();
        assertThat(client.getItem(r -> r.tableName(name).key(item("pk", s("none"), "sk", s("1")))).hasItem()).isTrue();
    }

    @Test
    @DisplayName("What the engine does not support (PartiQL, streams) is a ValidationException, never a wrong answer")
    void unsupportedIsRefusedClearly() {
        assumeTrue(ConformanceEndpoint.onEngine(), "real DynamoDB supports these");
        assertThatThrownBy(() -> client.executeStatement(r -> r.statement("SELECT * FROM x")))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("not supported by this engine");
        assertThatThrownBy(() -> client.createTable(r -> r.tableName(ConformanceEndpoint.tableName("stream")).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType("NEW_IMAGE"))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("not supported by this engine");
        String name = Fixtures.table(client, "legacy");
        assertThatThrownBy(() -> client.putItem(r -> r.tableName(name).item(item("pk", s("a"), "sk", s("b")))
                .expected(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue.builder().exists(false).build()))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("not supported by this engine");
        assertThat(client.getItem(r -> r.tableName(name).key(item("pk", s("a"), "sk", s("b")))).hasItem()).isFalse();
    }
}
