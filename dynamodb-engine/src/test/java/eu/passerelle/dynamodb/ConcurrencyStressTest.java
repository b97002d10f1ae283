package eu.passerelle.dynamodb;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failures seen with moto, tried here over HTTP with many threads: a quota enforced by a
 * transaction admits exactly its limit, concurrent increments lose nothing, and cancelled
 * transactions never undo or hide other requests' acknowledged writes.
 */
class ConcurrencyStressTest {

    private static DynamoDbEngine engine;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() {
        engine = DynamoDbEngine.builder().inMemory().start();
        client = EngineClients.client(engine.endpoint());
    }

    @AfterAll
    static void stop() {
        client.close();
        engine.close();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk));
    }

    @Test
    void fourHundredConcurrentQuotaOfFiveTransactionsAdmitExactlyFive() throws Exception {
        EngineClients.table(client, "quota");
        client.putItem(r -> r.tableName("quota").item(Map.of("pk", AttributeValue.fromS("parent"), "issued", AttributeValue.fromN("0"))));
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String voucher = "voucher-" + i;
            calls.add(pool.submit(() -> {
                go.await();
                try {
                    client.transactWriteItems(r -> r.transactItems(
                            TransactWriteItem.builder().update(u -> u.tableName("quota").key(key("parent"))
                                    .updateExpression("SET issued = issued + :one").conditionExpression("issued < :five")
                                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":five", AttributeValue.fromN("5")))).build(),
                            TransactWriteItem.builder().put(p -> p.tableName("quota").item(Map.of("pk", AttributeValue.fromS(voucher)))
                                    .conditionExpression("attribute_not_exists(pk)")).build()));
                    admitted.incrementAndGet();
                } catch (TransactionCanceledException e) {
                    refused.incrementAndGet();
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> call : calls) {
            call.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(admitted.get()).isEqualTo(5);
        assertThat(refused.get()).isEqualTo(395);
        assertThat(client.getItem(r -> r.tableName("quota").key(key("parent"))).item().get("issued").n()).isEqualTo("5");
        assertThat(client.scan(r -> r.tableName("quota").filterExpression("begins_with(pk, :v)")
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("voucher-")))).count()).isEqualTo(5);
    }

    @Test
    void concurrentIncrementsLoseNoUpdate() throws Exception {
        EngineClients.table(client, "counter");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            calls.add(pool.submit(() -> client.updateItem(r -> r.tableName("counter").key(key("c"))
                    .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))))));
        }
        for (Future<?> call : calls) {
            call.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(client.getItem(r -> r.tableName("counter").key(key("c"))).item().get("n").n()).isEqualTo("800");
    }

    @Test
    void cancelledTransactionsNeverTakeAcknowledgedPutsWithThem() throws Exception {
        EngineClients.table(client, "mixed");
        client.putItem(r -> r.tableName("mixed").item(Map.of("pk", AttributeValue.fromS("blocker"))));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger cancelled = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(24);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            int n = i;
            calls.add(pool.submit(() -> {
                if (n % 2 == 0) {
                    String pk = "put-" + n;
                    client.putItem(r -> r.tableName("mixed").item(Map.of("pk", AttributeValue.fromS(pk))));
                    acknowledged.add(pk);
                } else {
                    // Writes two items, one of them a recent put's, then fails on the blocker: must leave no trace.
                    String neighbour = "put-" + (n - 1);
                    try {
                        client.transactWriteItems(r -> r.transactItems(
                                TransactWriteItem.builder().put(p -> p.tableName("mixed").item(Map.of("pk", AttributeValue.fromS("tx-" + n)))).build(),
                                TransactWriteItem.builder().delete(d -> d.tableName("mixed").key(key(neighbour))).build(),
                                TransactWriteItem.builder().conditionCheck(c -> c.tableName("mixed").key(key("blocker"))
                                        .conditionExpression("attribute_not_exists(pk)")).build()));
                    } catch (TransactionCanceledException e) {
                        cancelled.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> call : calls) {
            call.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(cancelled.get()).isEqualTo(600);
        for (String pk : acknowledged) {
            assertThat(client.getItem(r -> r.tableName("mixed").key(key(pk))).hasItem()).as(pk).isTrue();
        }
        assertThat(acknowledged).hasSize(600);
        assertThat(client.scan(r -> r.tableName("mixed")).count()).isEqualTo(601);
    }
}
