package eu.passerelle.dynamodb.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static eu.passerelle.dynamodb.conformance.Fixtures.item;
import static eu.passerelle.dynamodb.conformance.Fixtures.n;
import static eu.passerelle.dynamodb.conformance.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API reference: BatchGetItem, BatchWriteItem, TransactWriteItems, TransactGetItems; developer guide: "Amazon DynamoDB Transactions: How it works". */
class BatchAndTransactionConformanceTest {

    private static DynamoDbClient client;
    private static String table;

    @BeforeAll
    static void table() {
        client = ConformanceEndpoint.client();
        table = Fixtures.table(client, "batch");
    }

    @Test
    @DisplayName("BatchWriteItem puts and deletes up to 25 items; BatchGetItem reads up to 100 keys, missing ones omitted")
    void batches() {
        for (int chunk = 0; chunk < 4; chunk++) {
            List<WriteRequest> writes = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                int id = chunk * 25 + i;
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item("pk", s("b" + id), "sk", s("1"), "n", n(String.valueOf(id)))).build()).build());
            }
            assertThat(client.batchWriteItem(r -> r.requestItems(Map.of(table, writes))).unprocessedItems()).isEmpty();
        }
        client.batchWriteItem(r -> r.requestItems(Map.of(table, List.of(WriteRequest.builder()
                .deleteRequest(d -> d.key(item("pk", s("b0"), "sk", s("1")))).build()))));
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add(item("pk", s("b" + i), "sk", s("1")));
        }
        BatchGetItemResponse response = client.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder().keys(keys).build())));
        assertThat(response.responses().get(table)).hasSize(99);
        assertThat(response.unprocessedKeys()).isEmpty();

        keys.add(item("pk", s("b100"), "sk", s("1")));
        assertThatThrownBy(() -> client.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder().keys(keys).build()))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Too many items");
        assertThatThrownBy(() -> client.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(item("pk", s("b1"), "sk", s("1")), item("pk", s("b1"), "sk", s("1"))).build()))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("duplicates");
    }

    @Test
    @DisplayName("TransactWriteItems: Put, Update, Delete and ConditionCheck apply together")
    void transactionApplies() {
        client.putItem(r -> r.tableName(table).item(item("pk", s("t-del"), "sk", s("1"))));
        client.putItem(r -> r.tableName(table).item(item("pk", s("t-count"), "sk", s("1"), "n", n("1"))));
        client.putItem(r -> r.tableName(table).item(item("pk", s("t-check"), "sk", s("1"), "open", AttributeValue.fromBool(true))));
        client.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("t-new"), "sk", s("1"))).conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(item("pk", s("t-count"), "sk", s("1"))).updateExpression("ADD n :one")
                        .expressionAttributeValues(Map.of(":one", n("1")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(item("pk", s("t-del"), "sk", s("1")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(item("pk", s("t-check"), "sk", s("1")))
                        .conditionExpression("#o = :t").expressionAttributeNames(Map.of("#o", "open")).expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true)))).build()));
        assertThat(get("t-new")).isNotNull();
        assertThat(get("t-count").get("n")).isEqualTo(n("2"));
        assertThat(get("t-del")).isNull();
    }

    @Test
    @DisplayName("TransactWriteItems: a failed condition cancels everything, with one reason per item in order and the item when asked")
    void transactionCancels() {
        client.putItem(r -> r.tableName(table).item(item("pk", s("c-taken"), "sk", s("1"), "v", s("old"))));
        assertThatThrownBy(() -> client.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("c-free"), "sk", s("1")))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("c-taken"), "sk", s("1"), "v", s("new")))
                        .conditionExpression("attribute_not_exists(pk)").returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    List<CancellationReason> reasons = e.cancellationReasons();
                    assertThat(reasons).extracting(CancellationReason::code).containsExactly("None", "ConditionalCheckFailed");
                    assertThat(reasons.get(1).item()).containsEntry("v", s("old"));
                });
        assertThat(get("c-free")).isNull();
        assertThat(get("c-taken").get("v")).isEqualTo(s("old"));
    }

    @Test
    @DisplayName("TransactWriteItems: two operations on one item are a ValidationException")
    void oneOperationPerItem() {
        assertThatThrownBy(() -> client.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("dup"), "sk", s("1")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(item("pk", s("dup"), "sk", s("1")))).build())))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("multiple operations on one item");
    }

    @Test
    @DisplayName("TransactWriteItems, ClientRequestToken: a repeated call is not applied twice; another request with the token is refused")
    void idempotency() {
        client.putItem(r -> r.tableName(table).item(item("pk", s("idem"), "sk", s("1"), "n", n("0"))));
        TransactWriteItem increment = TransactWriteItem.builder().update(u -> u.tableName(table).key(item("pk", s("idem"), "sk", s("1")))
                .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", n("1")))).build();
        String token = "token-" + System.nanoTime();
        client.transactWriteItems(r -> r.clientRequestToken(token).transactItems(increment));
        client.transactWriteItems(r -> r.clientRequestToken(token).transactItems(increment));
        assertThat(get("idem").get("n")).isEqualTo(n("1"));
        TransactWriteItem other = TransactWriteItem.builder().update(u -> u.tableName(table).key(item("pk", s("idem"), "sk", s("1")))
                .updateExpression("ADD n :two").expressionAttributeValues(Map.of(":two", n("2")))).build();
        assertThatThrownBy(() -> client.transactWriteItems(r -> r.clientRequestToken(token).transactItems(other)))
                .isInstanceOf(IdempotentParameterMismatchException.class);
    }

    @Test
    @DisplayName("TransactGetItems: items in request order, an empty slot for a missing one")
    void transactGet() {
        client.putItem(r -> r.tableName(table).item(item("pk", s("g1"), "sk", s("1"), "v", s("one"))));
        TransactGetItemsResponse response = client.transactGetItems(r -> r.transactItems(
                t -> t.get(g -> g.tableName(table).key(item("pk", s("missing"), "sk", s("1")))),
                t -> t.get(g -> g.tableName(table).key(item("pk", s("g1"), "sk", s("1"))).projectionExpression("v"))));
        assertThat(response.responses()).hasSize(2);
        assertThat(response.responses().get(0).hasItem()).isFalse();
        assertThat(response.responses().get(1).item()).isEqualTo(item("v", s("one")));
    }

    private Map<String, AttributeValue> get(String pk) {
        var response = client.getItem(r -> r.tableName(table).key(item("pk", s(pk), "sk", s("1"))).consistentRead(true));
        return response.hasItem() ? response.item() : null;
    }
}
