package eu.passerelle.local.sqs;

import eu.passerelle.local.Fixtures;
import eu.passerelle.local.LocalRuntime;
import eu.passerelle.local.template.QueueDef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The SQS event source against ElasticMQ, driving the fixture consumer as Lambda would. */
class SqsEventSourceTest {

    @TempDir
    static Path temp;
    static Path sink;
    static LocalRuntime runtime;
    static SqsClient sqs;

    @BeforeAll
    static void start() {
        sink = temp.resolve("sink.txt");
        runtime = Fixtures.startFixture(sink, null, false, Clock.systemUTC());
        sqs = runtime.clients().sqs();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @BeforeEach
    void clearSink() throws IOException {
        Files.deleteIfExists(sink);
    }

    private static String url(String logicalId) {
        return runtime.deployment().queueUrl(queue(logicalId));
    }

    private static QueueDef queue(String logicalId) {
        return runtime.deployment().template().queues().stream().filter(q -> q.logicalId().equals(logicalId))
                .findFirst().orElseThrow();
    }

    private static List<String> seen(String body) {
        return Fixtures.lines(sink).stream().filter(l -> l.startsWith("sqs " + body + " ")).toList();
    }

    private static List<Message> drain(String queueUrl) {
        List<Message> all = new ArrayList<>();
        List<Message> got;
        do {
            got = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            all.addAll(got);
            got.forEach(m -> sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        } while (!got.isEmpty());
        return all;
    }

    @Test
    void successesAreDeletedOnceAndAReportedFailureIsRetriedUntilTheDeadLetterQueue() {
        sqs.sendMessage(r -> r.queueUrl(url("WorkQueue")).messageBody("ok-a"));
        sqs.sendMessage(r -> r.queueUrl(url("WorkQueue")).messageBody("fail-a"));
        sqs.sendMessage(r -> r.queueUrl(url("WorkQueue")).messageBody("ok-b"));

        // maxReceiveCount 3, visibility timeout 2 s: three deliveries, then the redrive policy moves it.
        Fixtures.await("fail-a delivered three times", Duration.ofSeconds(20), () -> seen("fail-a").size() >= 3);
        List<Message> dead = new ArrayList<>();
        Fixtures.await("fail-a in the dead-letter queue", Duration.ofSeconds(10), () -> {
            dead.addAll(drain(url("WorkDeadLetterQueue")));
            return dead.stream().anyMatch(m -> m.body().equals("fail-a"));
        });

        assertThat(seen("ok-a")).hasSize(1);
        assertThat(seen("ok-b")).hasSize(1);
        assertThat(seen("fail-a")).extracting(l -> l.substring(l.lastIndexOf(' ') + 1)).containsExactly("1", "2", "3");
        assertThat(dead).extracting(Message::body).containsExactly("fail-a");
        assertThat(approximateMessages("WorkQueue")).isZero();
    }

    @Test
    void aThrownErrorRetriesTheWholeBatchThenDeadLetters() {
        sqs.sendMessage(r -> r.queueUrl(url("WorkQueue")).messageBody("throw-a"));
        Fixtures.await("throw-a delivered three times", Duration.ofSeconds(20), () -> seen("throw-a").size() >= 3);
        List<Message> dead = new ArrayList<>();
        Fixtures.await("throw-a dead-lettered", Duration.ofSeconds(10), () -> {
            dead.addAll(drain(url("WorkDeadLetterQueue")));
            return dead.stream().anyMatch(m -> m.body().equals("throw-a"));
        });
        assertThat(seen("throw-a")).hasSize(3);
    }

    @Test
    void batchesNeverExceedTheConfiguredBatchSizeAndEveryMessageIsHandledOnce() {
        List<String> bodies = IntStream.range(0, 23).mapToObj(i -> "bulk-" + i).toList();
        for (int i = 0; i < bodies.size(); i += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int j = i; j < Math.min(bodies.size(), i + 10); j++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + j).messageBody(bodies.get(j)).build());
            }
            sqs.sendMessageBatch(r -> r.queueUrl(url("WorkQueue")).entries(entries));
        }
        Fixtures.await("all bulk messages handled", Duration.ofSeconds(20),
                () -> bodies.stream().allMatch(b -> !seen(b).isEmpty()));
        bodies.forEach(b -> assertThat(seen(b)).as(b).hasSize(1));
        List<Integer> sizes = Fixtures.lines(sink).stream().filter(l -> l.startsWith("batch "))
                .map(l -> Integer.parseInt(l.split(" ")[1])).toList();
        assertThat(sizes).isNotEmpty().allMatch(n -> n >= 1 && n <= 5);
    }

    @Test
    void fifoKeepsOrderWithinAGroupAndDropsDuplicates() {
        String fifo = url("OrderedQueue");
        for (int i = 1; i <= 6; i++) {
            String body = "g1-" + i;
            sqs.sendMessage(r -> r.queueUrl(fifo).messageBody(body).messageGroupId("g1").messageDeduplicationId(body));
        }
        // The same deduplication id within five minutes is accepted but not delivered again.
        sqs.sendMessage(r -> r.queueUrl(fifo).messageBody("g1-3").messageGroupId("g1").messageDeduplicationId("g1-3"));
        Fixtures.await("the group handled", Duration.ofSeconds(15), () -> !seen("g1-6").isEmpty());
        List<String> order = Fixtures.lines(sink).stream().filter(l -> l.startsWith("sqs g1-"))
                .map(l -> l.split(" ")[1]).toList();
        assertThat(order).containsExactly("g1-1", "g1-2", "g1-3", "g1-4", "g1-5", "g1-6");
    }

    private static int approximateMessages(String logicalId) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(r -> r.queueUrl(url(logicalId)).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }
}
