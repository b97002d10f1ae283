package eu.passerelle.dynamodb.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.util.List;
import java.util.Map;

import static eu.passerelle.dynamodb.conformance.Fixtures.item;
import static eu.passerelle.dynamodb.conformance.Fixtures.n;
import static eu.passerelle.dynamodb.conformance.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Developer guide: "Update expressions", "Condition and filter expressions, operators, and functions", "Expression attribute names/values", "Reserved words". */
class ExpressionConformanceTest {

    private static DynamoDbClient client;
    private static String table;

    @BeforeAll
    static void table() {
        client = ConformanceEndpoint.client();
        table = Fixtures.table(client, "expressions");
    }

    private Map<String, AttributeValue> key(String pk) {
        return item("pk", s(pk), "sk", s("1"));
    }

    private Map<String, AttributeValue> update(String pk, String expression, Map<String, AttributeValue> values) {
        return client.updateItem(r -> r.tableName(table).key(key(pk)).updateExpression(expression)
                .expressionAttributeValues(values.isEmpty() ? null : values).returnValues(ReturnValue.ALL_NEW)).attributes();
    }

    @Test
    @DisplayName("Update expressions, SET: arithmetic, if_not_exists, list_append, nested map paths and list indexes")
    void setActions() {
        client.putItem(r -> r.tableName(table).item(item("pk", s("set"), "sk", s("1"), "count", n("10"),
                "l", AttributeValue.fromL(List.of(s("a"))), "letters", AttributeValue.fromL(List.of(s("a"))),
                "m", AttributeValue.fromM(Map.of("x", n("1"))))));
        Map<String, AttributeValue> after = client.updateItem(r -> r.tableName(table).key(key("set"))
                .updateExpression("SET #c = #c + :two, fresh = if_not_exists(fresh, :zero), l = list_append(l, :more), m.y = :two, letters[0] = :z, letters[5] = :z, kept = if_not_exists(#c, :zero)")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":two", n("2"), ":zero", n("0"), ":more", AttributeValue.fromL(List.of(s("b"))), ":z", s("A")))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        assertThat(after.get("count")).isEqualTo(n("12"));
        assertThat(after.get("fresh")).isEqualTo(n("0"));
        assertThat(after.get("kept")).isEqualTo(n("10"));
        assertThat(after.get("l").l()).containsExactly(s("a"), s("b"));
        assertThat(after.get("letters").l()).containsExactly(s("A"), s("A"));
        assertThat(after.get("m").m()).containsEntry("x", n("1")).containsEntry("y", n("2"));
    }

    @Test
    @DisplayName("Update expressions, REMOVE: attributes, map keys and list elements (later elements shift)")
    void removeActions() {
        client.putItem(r -> r.tableName(table).item(item("pk", s("remove"), "sk", s("1"), "a", s("x"),
                "l", AttributeValue.fromL(List.of(s("0"), s("1"), s("2"), s("3"))), "m", AttributeValue.fromM(Map.of("x", n("1"), "y", n("2"))))));
        Map<String, AttributeValue> after = update("remove", "REMOVE a, l[1], l[3], m.x", Map.of());
        assertThat(after).doesNotContainKey("a");
        assertThat(after.get("l").l()).containsExactly(s("0"), s("2"));
        assertThat(after.get("m").m()).containsOnlyKeys("y");
    }

    @Test
    @DisplayName("Update expressions, ADD and DELETE: numbers and sets; a set emptied by DELETE disappears")
    void addAndDelete() {
        update("add", "ADD amount :five, tags :ab", Map.of(":five", n("5"), ":ab", AttributeValue.fromSs(List.of("a", "b"))));
        Map<String, AttributeValue> after = update("add", "ADD amount :minus, tags :bc", Map.of(":minus", n("-1.5"), ":bc", AttributeValue.fromSs(List.of("b", "c"))));
        assertThat(after.get("amount")).isEqualTo(n("3.5"));
        assertThat(after.get("tags").ss()).containsExactlyInAnyOrder("a", "b", "c");
        after = update("add", "DELETE tags :abc", Map.of(":abc", AttributeValue.fromSs(List.of("a", "b", "c"))));
        assertThat(after).doesNotContainKey("tags");
        assertThatThrownBy(() -> update("add", "ADD amount :text", Map.of(":text", AttributeValue.fromSs(List.of("x")))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("incorrect data type");
    }

    @Test
    @DisplayName("UpdateItem, ReturnValues UPDATED_OLD / UPDATED_NEW: only the updated attributes")
    void updatedValues() {
        client.putItem(r -> r.tableName(table).item(item("pk", s("updated"), "sk", s("1"), "a", n("1"), "b", n("1"))));
        Map<String, AttributeValue> old = client.updateItem(r -> r.tableName(table).key(key("updated")).updateExpression("SET a = :two")
                .expressionAttributeValues(Map.of(":two", n("2"))).returnValues(ReturnValue.UPDATED_OLD)).attributes();
        assertThat(old).isEqualTo(item("a", n("1")));
        Map<String, AttributeValue> fresh = client.updateItem(r -> r.tableName(table).key(key("updated")).updateExpression("SET a = :three")
                .expressionAttributeValues(Map.of(":three", n("3"))).returnValues(ReturnValue.UPDATED_NEW)).attributes();
        assertThat(fresh).isEqualTo(item("a", n("3")));
    }

    @Test
    @DisplayName("UpdateItem: key attributes cannot be updated; overlapping paths are refused")
    void invalidUpdates() {
        assertThatThrownBy(() -> update("bad", "SET pk = :x", Map.of(":x", s("y"))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("part of the key");
        assertThatThrownBy(() -> update("bad", "SET a = :x, a.b = :x", Map.of(":x", s("y"))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("overlap");
        assertThatThrownBy(() -> update("bad", "SET a = :x REMOVE a", Map.of(":x", s("y"))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("conflict");
        assertThatThrownBy(() -> update("bad", "SET a = absent + :x", Map.of(":x", n("1"))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("does not exist");
    }

    @Test
    @DisplayName("Expression attribute names and values: unused, undefined and reserved names are refused")
    void placeholders() {
        assertThatThrownBy(() -> update("ph", "SET a = :x", Map.of(":x", s("1"), ":unused", s("2"))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("unused");
        assertThatThrownBy(() -> update("ph", "SET a = :nowhere", Map.of(":x", s("1"))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining(":nowhere");
        assertThatThrownBy(() -> update("ph", "SET #undefined = :x", Map.of(":x", s("1"))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("#undefined");
        assertThatThrownBy(() -> update("ph", "SET status = :x", Map.of(":x", s("1"))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("reserved keyword");
        assertThatThrownBy(() -> client.updateItem(r -> r.tableName(table).key(key("ph")).updateExpression("SET a = :x")
                .expressionAttributeValues(Map.of(":x", s("1"))).expressionAttributeNames(Map.of("#n", "n"))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("unused");
    }

    @Test
    @DisplayName("Comparison operators and functions: every function and operator, and an absent attribute")
    void conditionFunctions() {
        client.putItem(r -> r.tableName(table).item(item("pk", s("fn"), "sk", s("1"), "name", s("Dupont"), "age", n("42"),
                "tags", AttributeValue.fromSs(List.of("x", "y")), "l", AttributeValue.fromL(List.of(n("1"), s("two"))),
                "m", AttributeValue.fromM(Map.of("k", s("v"))))));
        Map<String, AttributeValue> values = Map.of(":du", s("Du"), ":x", s("x"), ":two", s("two"), ":40", n("40"), ":50", n("50"),
                ":S", s("S"), ":M", s("M"), ":n3", n("3"));
        String[] holding = {
                "begins_with(#n, :du)", "contains(tags, :x)", "contains(l, :two)", "age BETWEEN :40 AND :50", "age IN (:40, :50, :n3) OR age > :40",
                "attribute_type(#n, :S)", "attribute_type(m, :M)", "size(tags) < :n3", "attribute_exists(m.k)", "attribute_not_exists(m.z)",
                "NOT (age < :40)", "absent <> :x", "(age >= :40 AND age <= :50) AND NOT contains(#n, :x)", "size(#n) > :n3"};
        String[] failing = {"begins_with(#n, :x)", "age BETWEEN :50 AND :50", "absent = :x", "absent < :50", "age < :40",
                "attribute_type(#n, :M)", "contains(tags, :du)", "size(absent) > :n3"};
        for (String condition : holding) {
            Map<String, AttributeValue> used = usedValues(condition, values);
            client.updateItem(r -> r.tableName(table).key(key("fn")).updateExpression("SET touched = :x")
                    .conditionExpression(condition)
                    .expressionAttributeNames(condition.contains("#n") ? Map.of("#n", "name") : null)
                    .expressionAttributeValues(merged(used, ":x", s("x"))));
        }
        for (String condition : failing) {
            Map<String, AttributeValue> used = usedValues(condition, values);
            assertThatThrownBy(() -> client.updateItem(r -> r.tableName(table).key(key("fn")).updateExpression("SET touched = :x")
                    .conditionExpression(condition)
                    .expressionAttributeNames(condition.contains("#n") ? Map.of("#n", "name") : null)
                    .expressionAttributeValues(merged(used, ":x", s("x")))))
                    .as(condition).isInstanceOf(ConditionalCheckFailedException.class);
        }
    }

    @Test
    @DisplayName("Comparison operator reference: a syntax error or a wrongly typed operand is a ValidationException")
    void invalidConditions() {
        assertThatThrownBy(() -> client.putItem(r -> r.tableName(table).item(key("bad")).conditionExpression("a = = :x")
                .expressionAttributeValues(Map.of(":x", s("1")))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Syntax error");
        assertThatThrownBy(() -> client.putItem(r -> r.tableName(table).item(key("bad")).conditionExpression("a < :x")
                .expressionAttributeValues(Map.of(":x", AttributeValue.fromBool(true)))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("operand type");
        assertThatThrownBy(() -> client.putItem(r -> r.tableName(table).item(key("bad")).conditionExpression("a BETWEEN :hi AND :lo")
                .expressionAttributeValues(Map.of(":lo", n("1"), ":hi", n("2")))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("BETWEEN");
        assertThatThrownBy(() -> client.putItem(r -> r.tableName(table).item(key("bad")).conditionExpression("unknown_function(a)")))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("function");
    }

    private static Map<String, AttributeValue> usedValues(String condition, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> used = new java.util.HashMap<>();
        values.forEach((k, v) -> {
            if (condition.matches(".*" + k + "(?![A-Za-z0-9_]).*")) {
                used.put(k, v);
            }
        });
        return used;
    }

    private static Map<String, AttributeValue> merged(Map<String, AttributeValue> values, String key, AttributeValue value) {
        Map<String, AttributeValue> all = new java.util.HashMap<>(values);
        all.put(key, value);
        return all;
    }
}
