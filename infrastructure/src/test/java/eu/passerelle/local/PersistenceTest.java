package eu.passerelle.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tables and queues come from the template, and a restart with a data folder loses nothing. */
class PersistenceTest {

    @Test
    void tablesQueuesAndMessagesSurviveARestart(@TempDir Path temp) {
        Path data = temp.resolve("data");
        Path sink = temp.resolve("sink.txt");
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("parent#1"), "sk", AttributeValue.fromS("v1"),
                "gsi1pk", AttributeValue.fromS("provider#9"));
        String table;
        String deadLetters;
        try (LocalRuntime first = Fixtures.startFixture(sink, data, false, Clock.systemUTC())) {
            table = first.deployment().tableName(first.deployment().template().tables().get(0));
            deadLetters = first.deployment().queueUrl(first.deployment().template().queues().stream()
                    .filter(q -> q.logicalId().equals("WorkDeadLetterQueue")).findFirst().orElseThrow());

            TableDescription described = first.clients().dynamoDb().describeTable(r -> r.tableName(table)).table();
            assertThat(described.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                    .containsExactly("pk:HASH", "sk:RANGE");
            assertThat(described.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("byGsi1");
            assertThat(first.clients().dynamoDb().describeTimeToLive(r -> r.tableName(table))
                    .timeToLiveDescription().attributeName()).isEqualTo("expiresAt");
            String work = first.deployment().queueUrl(first.deployment().template().queues().get(0));
            assertThat(first.clients().sqs().getQueueAttributes(r -> r.queueUrl(work)
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes().get(QueueAttributeName.REDRIVE_POLICY))
                    .contains("\"maxReceiveCount\":3").contains("WorkDeadLetterQueue");

            first.clients().dynamoDb().putItem(r -> r.tableName(table).item(item));
            first.clients().sqs().sendMessage(r -> r.queueUrl(deadLetters).messageBody("kept across restarts"));
        }
        try (LocalRuntime second = Fixtures.startFixture(sink, data, false, Clock.systemUTC())) {
            assertThat(second.clients().dynamoDb().getItem(r -> r.tableName(table)
                    .key(Map.of("pk", item.get("pk"), "sk", item.get("sk")))).item()).isEqualTo(item);
            List<Message> messages = second.clients().sqs().receiveMessage(r -> r.queueUrl(deadLetters).waitTimeSeconds(2))
                    .messages();
            assertThat(messages).extracting(Message::body).containsExactly("kept across restarts");
        }
    }

    @Test
    void inMemoryRuntimesStartEmpty(@TempDir Path temp) {
        Path sink = temp.resolve("sink.txt");
        try (LocalRuntime runtime = Fixtures.startFixture(sink, null, false, Clock.systemUTC())) {
            String table = runtime.deployment().tableName(runtime.deployment().template().tables().get(0));
            assertThat(runtime.clients().dynamoDb().scan(r -> r.tableName(table)).count()).isZero();
        }
    }
}
