package eu.passerelle.dynamodb.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.util.List;
import java.util.Map;

import static eu.passerelle.dynamodb.conformance.Fixtures.b;
import static eu.passerelle.dynamodb.conformance.Fixtures.item;
import static eu.passerelle.dynamodb.conformance.Fixtures.n;
import static eu.passerelle.dynamodb.conformance.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API reference: PutItem, GetItem, DeleteItem; developer guide: "Supported data types", "Service, account, and table quotas". */
class ItemConformanceTest {

    private static DynamoDbClient client;
    private static String table;

    @BeforeAll
    static void table() {
        client = ConformanceEndpoint.client();
        table = Fixtures.table(client, "items");
    }

    @Test
    @DisplayName("Supported data types: every type comes back as written; numbers without trailing zeros")
    void everyTypeRoundTrips() {
        Map<String, AttributeValue> written = item("pk", s("types"), "sk", s("1"),
                "s", s("é ✓ 𝄞"), "n", n("12345678901234567890123456789012345678"), "small", n("-0.000001"),
                "bin", b((byte) 0, (byte) 255), "yes", AttributeValue.fromBool(true), "nothing", AttributeValue.fromNul(true),
                "list", AttributeValue.fromL(List.of(s("a"), n("1"))),
                "map", AttributeValue.fromM(Map.of("inner", AttributeValue.fromM(Map.of("deep", s("x"))))),
                "ss", AttributeValue.fromSs(List.of("a", "b")), "ns", AttributeValue.fromNs(List.of("1", "2.5")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[]{1}))), "empty", s(""));
        client.putItem(r -> r.tableName(table).item(written));
        Map<String, AttributeValue> read = client.getItem(r -> r.tableName(table).key(item("pk", s("types"), "sk", s("1")))).item();
        assertThat(read).isEqualTo(written);

        client.putItem(r -> r.tableName(table).item(item("pk", s("types"), "sk", s("2"), "n", n("1.500"))));
        assertThat(client.getItem(r -> r.tableName(table).key(item("pk", s("types"), "sk", s("2")))).item().get("n").n()).isEqualTo("1.5");
    }

    @Test
    @DisplayName("Supported data types, Number: more than 38 significant digits is refused")
    void numbersHaveThirtyEightDigits() {
        assertThatThrownBy(() -> client.putItem(r -> r.tableName(table).item(item("pk", s("n"), "sk", s("1"),
                "n", n("123456789012345678901234567890123456789")))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("38");
    }

    @Test
    @DisplayName("Supported data types, Sets: an empty set is refused, duplicates are refused")
    void emptyAndDuplicateSetsAreRefused() {
        assertThatThrownBy(() -> client.putItem(r -> r.tableName(table).item(item("pk", s("set"), "sk", s("1"),
                "ss", AttributeValue.fromSs(List.of())))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> client.putItem(r -> r.tableName(table).item(item("pk", s("set"), "sk", s("1"),
                "ns", AttributeValue.fromNs(List.of("1", "1.0"))))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("duplicates");
    }

    @Test
    @DisplayName("PutItem: a key attribute of the wrong type, an empty key or a missing key is a ValidationException")
    void keysAreValidated() {
        assertThatThrownBy(() -> client.putItem(r -> r.tableName(table).item(item("pk", n("1"), "sk", s("1")))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Type mismatch");
        assertThatThrownBy(() -> client.putItem(r -> r.tableName(table).item(item("pk", s(""), "sk", s("1")))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> client.putItem(r -> r.tableName(table).item(item("pk", s("x")))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Missing the key sk");
        assertThatThrownBy(() -> client.getItem(r -> r.tableName(table).key(item("pk", s("x")))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("does not match the schema");
    }

    @Test
    @DisplayName("Quotas, item size: an item over 400 KB is refused and not written")
    void itemsAreLimitedTo400Kilobytes() {
        String big = "x".repeat(410 * 1024);
        assertThatThrownBy(() -> client.putItem(r -> r.tableName(table).item(item("pk", s("big"), "sk", s("1"), "data", s(big)))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Item size has exceeded");
        assertThat(client.getItem(r -> r.tableName(table).key(item("pk", s("big"), "sk", s("1")))).hasItem()).isFalse();
    }

    @Test
    @DisplayName("PutItem, ConditionExpression + ReturnValuesOnConditionCheckFailure: the failed condition returns the item")
    void failedConditionReturnsTheItemWhenAsked() {
        client.putItem(r -> r.tableName(table).item(item("pk", s("cond"), "sk", s("1"), "v", n("1"))));
        assertThatThrownBy(() -> client.putItem(r -> r.tableName(table).item(item("pk", s("cond"), "sk", s("1"), "v", n("2")))
                .conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class,
                        e -> assertThat(e.item()).containsEntry("v", n("1")));
        assertThat(client.getItem(r -> r.tableName(table).key(item("pk", s("cond"), "sk", s("1")))).item().get("v")).isEqualTo(n("1"));
    }

    @Test
    @DisplayName("PutItem / DeleteItem, ReturnValues ALL_OLD: the previous item")
    void returnValuesAllOld() {
        client.putItem(r -> r.tableName(table).item(item("pk", s("rv"), "sk", s("1"), "v", n("1"))));
        Map<String, AttributeValue> old = client.putItem(r -> r.tableName(table).item(item("pk", s("rv"), "sk", s("1"), "v", n("2")))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        assertThat(old).containsEntry("v", n("1"));
        Map<String, AttributeValue> deleted = client.deleteItem(r -> r.tableName(table).key(item("pk", s("rv"), "sk", s("1")))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        assertThat(deleted).containsEntry("v", n("2"));
        assertThat(client.getItem(r -> r.tableName(table).key(item("pk", s("rv"), "sk", s("1")))).hasItem()).isFalse();
        assertThatThrownBy(() -> client.putItem(r -> r.tableName(table).item(item("pk", s("rv"), "sk", s("1"))).returnValues(ReturnValue.ALL_NEW)))
                .isInstanceOf(DynamoDbException.class);
    }

    @Test
    @DisplayName("DeleteItem, ConditionExpression: a failed condition keeps the item")
    void conditionalDelete() {
        client.putItem(r -> r.tableName(table).item(item("pk", s("del"), "sk", s("1"), "state", s("open"))));
        assertThatThrownBy(() -> client.deleteItem(r -> r.tableName(table).key(item("pk", s("del"), "sk", s("1")))
                .conditionExpression("#s = :closed").expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":closed", s("closed")))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(client.getItem(r -> r.tableName(table).key(item("pk", s("del"), "sk", s("1")))).hasItem()).isTrue();
    }

    @Test
    @DisplayName("GetItem, ProjectionExpression: nested paths and list elements")
    void projection() {
        client.putItem(r -> r.tableName(table).item(item("pk", s("proj"), "sk", s("1"), "a", s("x"), "b", s("y"),
                "m", AttributeValue.fromM(Map.of("k", s("v"), "other", s("o"))),
                "l", AttributeValue.fromL(List.of(s("zero"), s("one"), s("two"))))));
        Map<String, AttributeValue> read = client.getItem(r -> r.tableName(table).key(item("pk", s("proj"), "sk", s("1")))
                .projectionExpression("a, m.k, l[2], l[0]")).item();
        assertThat(read).isEqualTo(item("a", s("x"), "m", AttributeValue.fromM(Map.of("k", s("v"))),
                "l", AttributeValue.fromL(List.of(s("zero"), s("two")))));
    }

    @Test
    @DisplayName("Common errors: ResourceNotFoundException for a table that does not exist")
    void missingTable() {
        assertThatThrownBy(() -> client.getItem(r -> r.tableName("conformance-no-such-table").key(item("pk", s("x"), "sk", s("y")))))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
