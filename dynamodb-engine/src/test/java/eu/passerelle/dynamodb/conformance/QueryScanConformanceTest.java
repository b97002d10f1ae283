package eu.passerelle.dynamodb.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static eu.passerelle.dynamodb.conformance.Fixtures.item;
import static eu.passerelle.dynamodb.conformance.Fixtures.n;
import static eu.passerelle.dynamodb.conformance.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API reference: Query, Scan; developer guide: "Key condition expressions for query", "Paginating table query results", "Parallel scan", "Global secondary indexes" (projections, sparse indexes). */
class QueryScanConformanceTest {

    private static DynamoDbClient client;
    private static String table;

    @BeforeAll
    static void table() {
        client = ConformanceEndpoint.client();
        table = Fixtures.table(client, "query", "byOwner:owner:created:ALL", "byOwnerKeys:owner::KEYS_ONLY", "byStatus:state:amountNumber:INCLUDE:note");
        for (int i = 0; i < 30; i++) {
            String sk = String.format("item#%02d", i);
            Map<String, AttributeValue> item = new java.util.HashMap<>(item("pk", s("p1"), "sk", s(sk), "n", n(String.valueOf(i)),
                    "note", s("note " + i), "secret", s("s" + i)));
            if (i % 3 == 0) {
                item.put("owner", s("alice"));
                item.put("created", s(String.format("2026-01-%02d", i + 1)));
            }
            if (i % 10 == 0) {
                item.put("state", s("open"));
                item.put("amountNumber", n(String.valueOf(100 - i)));
            }
            client.putItem(r -> r.tableName(table).item(item));
        }
        client.putItem(r -> r.tableName(table).item(item("pk", s("p2"), "sk", s("item#00"))));
        client.putItem(r -> r.tableName(table).item(item("pk", s("p1x"), "sk", s("item#00"))));
    }

    private List<String> sortKeys(QueryResponse response) {
        return response.items().stream().map(i -> i.get("sk").s()).toList();
    }

    private QueryResponse query(String condition, Map<String, AttributeValue> values, java.util.function.Consumer<QueryRequest.Builder> more) {
        return client.query(r -> {
            r.tableName(table).keyConditionExpression(condition).expressionAttributeValues(values);
            more.accept(r);
        });
    }

    @Test
    @DisplayName("Key condition expressions: =, <, <=, >, >=, BETWEEN, begins_with on the sort key, in sort order")
    void sortKeyConditions() {
        Map<String, AttributeValue> p1 = Map.of(":p", s("p1"));
        assertThat(query("pk = :p", p1, r -> { }).count()).isEqualTo(30);
        assertThat(sortKeys(query("pk = :p AND sk < :v", Map.of(":p", s("p1"), ":v", s("item#02")), r -> { }))).containsExactly("item#00", "item#01");
        assertThat(sortKeys(query("pk = :p AND sk <= :v", Map.of(":p", s("p1"), ":v", s("item#01")), r -> { }))).containsExactly("item#00", "item#01");
        assertThat(sortKeys(query("pk = :p AND sk > :v", Map.of(":p", s("p1"), ":v", s("item#27")), r -> { }))).containsExactly("item#28", "item#29");
        assertThat(sortKeys(query("pk = :p AND sk >= :v", Map.of(":p", s("p1"), ":v", s("item#28")), r -> { }))).containsExactly("item#28", "item#29");
        assertThat(sortKeys(query("pk = :p AND sk = :v", Map.of(":p", s("p1"), ":v", s("item#05")), r -> { }))).containsExactly("item#05");
        assertThat(sortKeys(query("pk = :p AND sk BETWEEN :a AND :b", Map.of(":p", s("p1"), ":a", s("item#10"), ":b", s("item#12")), r -> { })))
                .containsExactly("item#10", "item#11", "item#12");
        assertThat(sortKeys(query("pk = :p AND begins_with(sk, :pre)", Map.of(":p", s("p1"), ":pre", s("item#1")), r -> { })))
                .containsExactly("item#10", "item#11", "item#12", "item#13", "item#14", "item#15", "item#16", "item#17", "item#18", "item#19");
        assertThat(sortKeys(query("pk = :p AND begins_with(sk, :pre)", Map.of(":p", s("p1"), ":pre", s("item#1")), r -> r.scanIndexForward(false))))
                .startsWith("item#19", "item#18").hasSize(10);
    }

    @Test
    @DisplayName("Query: a key condition on a non-key attribute or with OR is a ValidationException")
    void invalidKeyConditions() {
        assertThatThrownBy(() -> query("n = :v", Map.of(":v", n("1")), r -> { })).isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("key schema element");
        assertThatThrownBy(() -> query("pk = :p OR sk = :p", Map.of(":p", s("p1")), r -> { })).isInstanceOf(DynamoDbException.class);
        assertThatThrownBy(() -> query("pk = :p", Map.of(":p", n("1")), r -> { })).isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("type");
    }

    @Test
    @DisplayName("Paginating table query results: Limit pages with LastEvaluatedKey/ExclusiveStartKey, forwards and backwards")
    void paging() {
        for (boolean forward : new boolean[]{true, false}) {
            List<String> seen = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            int pages = 0;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = query("pk = :p", Map.of(":p", s("p1")), r -> r.limit(7).scanIndexForward(forward).exclusiveStartKey(from));
                seen.addAll(sortKeys(page));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
                pages++;
            } while (start != null);
            assertThat(seen).hasSize(30).doesNotHaveDuplicates();
            assertThat(seen.get(0)).isEqualTo(forward ? "item#00" : "item#29");
            assertThat(pages).isBetween(5, 6);
        }
    }

    @Test
    @DisplayName("Query: FilterExpression applies after Limit; Select COUNT; ProjectionExpression")
    void filterCountProjection() {
        QueryResponse filtered = query("pk = :p", Map.of(":p", s("p1"), ":ten", n("10")), r -> r.filterExpression("n < :ten").limit(15));
        assertThat(filtered.count()).isEqualTo(10);
        assertThat(filtered.scannedCount()).isEqualTo(15);
        QueryResponse counted = query("pk = :p", Map.of(":p", s("p1")), r -> r.select(Select.COUNT));
        assertThat(counted.count()).isEqualTo(30);
        assertThat(counted.items()).isEmpty();
        QueryResponse projected = query("pk = :p AND sk = :sk", Map.of(":p", s("p1"), ":sk", s("item#03")), r -> r.projectionExpression("note"));
        assertThat(projected.items()).containsExactly(item("note", s("note 3")));
    }

    @Test
    @DisplayName("Global secondary indexes: sparse (only items with the key), sorted by the index sort key, projections ALL / KEYS_ONLY / INCLUDE")
    void globalSecondaryIndexes() {
        QueryResponse byOwner = client.query(r -> r.tableName(table).indexName("byOwner").keyConditionExpression("#o = :a")
                .expressionAttributeNames(Map.of("#o", "owner")).expressionAttributeValues(Map.of(":a", s("alice"))).scanIndexForward(false));
        assertThat(byOwner.items()).hasSize(10);
        assertThat(byOwner.items().get(0).get("created").s()).isEqualTo("2026-01-28");
        assertThat(byOwner.items().get(0)).containsKey("secret");

        QueryResponse keys = client.query(r -> r.tableName(table).indexName("byOwnerKeys").keyConditionExpression("#o = :a")
                .expressionAttributeNames(Map.of("#o", "owner")).expressionAttributeValues(Map.of(":a", s("alice"))));
        assertThat(keys.items()).hasSize(10).allSatisfy(i -> assertThat(i).containsOnlyKeys("pk", "sk", "owner"));

        QueryResponse included = client.query(r -> r.tableName(table).indexName("byStatus").keyConditionExpression("#s = :o AND amountNumber > :80")
                .expressionAttributeNames(Map.of("#s", "state")).expressionAttributeValues(Map.of(":o", s("open"), ":80", n("80"))));
        assertThat(included.items()).extracting(i -> i.get("amountNumber").n()).containsExactly("90", "100");
        assertThat(included.items()).allSatisfy(i -> assertThat(i).containsOnlyKeys("pk", "sk", "state", "amountNumber", "note"));

        assertThatThrownBy(() -> client.query(r -> r.tableName(table).indexName("byOwner").consistentRead(true).keyConditionExpression("#o = :a")
                .expressionAttributeNames(Map.of("#o", "owner")).expressionAttributeValues(Map.of(":a", s("alice")))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Consistent reads");
    }

    @Test
    @DisplayName("Global secondary indexes: an update moves the item in the index; a removed key takes it out")
    void indexFollowsUpdates() {
        String t = Fixtures.table(client, "index-updates", "byOwner:owner:created:ALL");
        client.putItem(r -> r.tableName(t).item(item("pk", s("a"), "sk", s("1"), "owner", s("bob"), "created", s("1"))));
        client.updateItem(r -> r.tableName(t).key(item("pk", s("a"), "sk", s("1"))).updateExpression("SET #o = :carol")
                .expressionAttributeNames(Map.of("#o", "owner")).expressionAttributeValues(Map.of(":carol", s("carol"))));
        assertThat(indexCount(t, "bob")).isZero();
        assertThat(indexCount(t, "carol")).isEqualTo(1);
        client.updateItem(r -> r.tableName(t).key(item("pk", s("a"), "sk", s("1"))).updateExpression("REMOVE created"));
        assertThat(indexCount(t, "carol")).isZero();
    }

    private int indexCount(String t, String owner) {
        return client.query(r -> r.tableName(t).indexName("byOwner").keyConditionExpression("#o = :v")
                .expressionAttributeNames(Map.of("#o", "owner")).expressionAttributeValues(Map.of(":v", s(owner)))).count();
    }

    @Test
    @DisplayName("Scan: pages cover every item once; parallel scan segments partition the table; FilterExpression")
    void scans() {
        Set<String> seen = new HashSet<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = client.scan(r -> r.tableName(table).limit(8).exclusiveStartKey(from));
            page.items().forEach(i -> assertThat(seen.add(i.get("pk").s() + "/" + i.get("sk").s())).isTrue());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        assertThat(seen).hasSize(32);
        int total = 0;
        for (int segment = 0; segment < 3; segment++) {
            int s = segment;
            total += client.scan(r -> r.tableName(table).segment(s).totalSegments(3)).count();
        }
        assertThat(total).isEqualTo(32);
        assertThat(client.scan(r -> r.tableName(table).filterExpression("attribute_exists(#s)").expressionAttributeNames(Map.of("#s", "state"))).count())
                .isEqualTo(3);
        assertThat(client.scan(r -> r.tableName(table).indexName("byStatus")).count()).isEqualTo(3);
    }

    @Test
    @DisplayName("Query and Scan: a page stops at 1 MB of items read, with a LastEvaluatedKey to go on from")
    void pagesStopAtOneMegabyte() {
        String t = Fixtures.table(client, "megabyte");
        String big = "x".repeat(100 * 1024);
        for (int i = 0; i < 15; i++) {
            String sk = String.format("%02d", i);
            client.putItem(r -> r.tableName(t).item(item("pk", s("p"), "sk", s(sk), "data", s(big))));
        }
        QueryResponse first = query(t, null);
        assertThat(first.count()).isBetween(9, 11);
        assertThat(first.lastEvaluatedKey()).isNotEmpty();
        QueryResponse rest = query(t, first.lastEvaluatedKey());
        assertThat(first.count() + rest.count()).isEqualTo(15);
        ScanResponse scanned = client.scan(r -> r.tableName(t));
        assertThat(scanned.count()).isLessThan(15);
        assertThat(scanned.lastEvaluatedKey()).isNotEmpty();
    }

    private QueryResponse query(String t, Map<String, AttributeValue> start) {
        return client.query(r -> r.tableName(t).keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("p")))
                .exclusiveStartKey(start));
    }

    @Test
    @DisplayName("Local secondary indexes: same partition, another sort key, consistent reads allowed")
    void localSecondaryIndexes() {
        String t = ConformanceEndpoint.tableName("lsi");
        client.createTable(r -> r.tableName(t).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("sk").attributeType("S"),
                        a -> a.attributeName("amountNumber").attributeType("N"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE"))
                .localSecondaryIndexes(l -> l.indexName("byAmount").keySchema(k -> k.attributeName("pk").keyType("HASH"),
                        k -> k.attributeName("amountNumber").keyType("RANGE")).projection(p -> p.projectionType("ALL"))));
        client.waiter().waitUntilTableExists(r -> r.tableName(t));
        client.putItem(r -> r.tableName(t).item(item("pk", s("p"), "sk", s("a"), "amountNumber", n("30"))));
        client.putItem(r -> r.tableName(t).item(item("pk", s("p"), "sk", s("b"), "amountNumber", n("10"))));
        client.putItem(r -> r.tableName(t).item(item("pk", s("p"), "sk", s("c"))));
        QueryResponse byAmount = client.query(r -> r.tableName(t).indexName("byAmount").consistentRead(true)
                .keyConditionExpression("pk = :p AND amountNumber >= :ten").expressionAttributeValues(Map.of(":p", s("p"), ":ten", n("10"))));
        assertThat(byAmount.items()).extracting(i -> i.get("sk").s()).containsExactly("b", "a");
    }
}
