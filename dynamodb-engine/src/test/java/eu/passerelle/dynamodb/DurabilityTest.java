package eu.passerelle.dynamodb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every acknowledged write survives SIGKILL of the engine's JVM: a child JVM runs the standalone
 * engine on a data directory, writers hammer it, the child is killed mid-stream, a new child
 * starts on the same directory and every acknowledged item is there.
 */
class DurabilityTest {

    private record Child(Process process, URI endpoint) {
    }

    private static Child start(Path data) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "eu.passerelle.dynamodb.Main", "--port", "0", "--data", data.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            int at = line.indexOf("http://");
            if (at >= 0) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (Exception ignored) {
                        // the child died
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return new Child(process, URI.create(line.substring(at).trim()));
            }
        }
        throw new IllegalStateException("the engine did not start");
    }

    @Test
    void acknowledgedWritesSurviveKillMinusNine(@TempDir Path data) throws Exception {
        Child first = start(data);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (DynamoDbClient client = EngineClients.client(first.endpoint)) {
            EngineClients.table(client, "durable");
            AtomicBoolean killed = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(8);
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int i = 0; !killed.get(); i++) {
                        String pk = "w" + writer + "-" + i;
                        try {
                            client.putItem(r -> r.tableName("durable").item(Map.of("pk", AttributeValue.fromS(pk),
                                    "payload", AttributeValue.fromS("x".repeat(200)))));
                            acknowledged.add(pk);
                            if (i % 10 == 0) {
                                client.transactWriteItems(t -> t.transactItems(
                                        x -> x.update(u -> u.tableName("durable").key(Map.of("pk", AttributeValue.fromS(pk)))
                                                .updateExpression("SET confirmed = :t").expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))))));
                                acknowledged.add(pk + "#confirmed");
                            }
                        } catch (RuntimeException e) {
                            return; // the engine is gone
                        }
                    }
                });
            }
            while (acknowledged.size() < 1500) {
                Thread.sleep(20);
            }
            first.process.destroyForcibly(); // SIGKILL on Linux
            killed.set(true);
            first.process.waitFor(30, TimeUnit.SECONDS);
            writers.shutdown();
            writers.awaitTermination(30, TimeUnit.SECONDS);
        }
        Child second = start(data);
        try (DynamoDbClient client = EngineClients.client(second.endpoint)) {
            List<String> missing = new ArrayList<>();
            for (String entry : acknowledged) {
                String pk = entry.replace("#confirmed", "");
                var item = client.getItem(r -> r.tableName("durable").key(Map.of("pk", AttributeValue.fromS(pk))));
                if (!item.hasItem() || (entry.endsWith("#confirmed") && !item.item().containsKey("confirmed"))) {
                    missing.add(entry);
                }
            }
            assertThat(missing).isEmpty();
            assertThat(acknowledged.size()).isGreaterThanOrEqualTo(1500);
        } finally {
            second.process.destroyForcibly();
            second.process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void inMemoryKeepsNothingOnDisk(@TempDir Path directory) throws Exception {
        Path before = Path.of("").toAbsolutePath();
        try (DynamoDbEngine engine = DynamoDbEngine.builder().inMemory().start();
             DynamoDbClient client = EngineClients.client(engine.endpoint())) {
            EngineClients.table(client, "volatile");
            client.putItem(r -> r.tableName("volatile").item(Map.of("pk", AttributeValue.fromS("x"))));
        }
        try (var files = Files.list(before)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("wal-") || n.startsWith("snapshot"));
        }
        try (DynamoDbEngine engine = DynamoDbEngine.builder().inMemory().start();
             DynamoDbClient client = EngineClients.client(engine.endpoint())) {
            assertThat(client.listTables().tableNames()).isEmpty();
        }
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void restartKeepsTablesIndexesAndTtlSettings(@TempDir Path data) {
        try (DynamoDbEngine engine = DynamoDbEngine.builder().dataDirectory(data).start();
             DynamoDbClient client = EngineClients.client(engine.endpoint())) {
            client.createTable(r -> r.tableName("kept").billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("owner").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                    .globalSecondaryIndexes(g -> g.indexName("byOwner").keySchema(k -> k.attributeName("owner").keyType("HASH")).projection(p -> p.projectionType("ALL"))));
            client.updateTimeToLive(r -> r.tableName("kept").timeToLiveSpecification(t -> t.attributeName("expires").enabled(true)));
            client.putItem(r -> r.tableName("kept").item(Map.of("pk", AttributeValue.fromS("a"), "owner", AttributeValue.fromS("zoe"))));
            client.putItem(r -> r.tableName("kept").item(Map.of("pk", AttributeValue.fromS("b"), "owner", AttributeValue.fromS("zoe"))));
            client.deleteItem(r -> r.tableName("kept").key(Map.of("pk", AttributeValue.fromS("b"))));
        }
        try (DynamoDbEngine engine = DynamoDbEngine.builder().dataDirectory(data).start();
             DynamoDbClient client = EngineClients.client(engine.endpoint())) {
            assertThat(client.query(r -> r.tableName("kept").indexName("byOwner").keyConditionExpression("#o = :z")
                    .expressionAttributeNames(Map.of("#o", "owner")).expressionAttributeValues(Map.of(":z", AttributeValue.fromS("zoe")))).count())
                    .isEqualTo(1);
            assertThat(client.describeTimeToLive(r -> r.tableName("kept")).timeToLiveDescription().attributeName()).isEqualTo("expires");
        }
    }
}
