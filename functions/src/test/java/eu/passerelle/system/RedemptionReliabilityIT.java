package eu.passerelle.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.local.Fixtures;
import eu.passerelle.local.LocalRuntime;
import eu.passerelle.local.sqs.SqsEventSource;
import eu.passerelle.local.template.QueueDef;
import eu.passerelle.local.template.TableDef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The redemption pipeline against ElasticMQ and the DynamoDB engine, run by the local runtime from
 * template.yaml (with a 2-second visibility timeout and 3 receives before the dead-letter queue,
 * through the template's parameters): duplicates, reordering, a consumer dying mid-batch, a
 * poison message, and two providers racing for one code.
 */
class RedemptionReliabilityIT {

    static LocalRuntime runtime;
    static Api api;
    static SqsEventSource consumer;

    @BeforeAll
    static void start() {
        LocalRuntime.Options base = LocalRuntime.Options.forTests(Fixtures.repositoryTemplate());
        runtime = LocalRuntime.start(new LocalRuntime.Options(base.template(), base.webRoot(), 0, null, null, base.region(),
                false, 4, false, Map.of("RedemptionVisibilitySeconds", "2", "RedemptionMaxReceiveCount", "3"),
                base.clock(), line -> { }, false));
        api = new Api(runtime);
        consumer = runtime.eventSources().stream().filter(s -> s.mapping().name().startsWith("ApplyRedemptionsFunction"))
                .findFirst().orElseThrow();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static String table(String logicalId) {
        TableDef t = runtime.deployment().template().tables().stream().filter(x -> x.logicalId().equals(logicalId))
                .findFirst().orElseThrow();
        return runtime.deployment().tableName(t);
    }

    private static String queue(String logicalId) {
        QueueDef q = runtime.deployment().template().queues().stream().filter(x -> x.logicalId().equals(logicalId))
                .findFirst().orElseThrow();
        return runtime.deployment().queueUrl(q);
    }

    private static JsonNode redemption(String providerToken, String id) {
        return api.json("GET", "/api/redemptions/" + id, providerToken, null, 200);
    }

    private static void awaitSettled(String providerToken, List<String> ids) {
        Fixtures.await("redemptions leave pending", Duration.ofSeconds(60), () -> ids.stream()
                .noneMatch(id -> redemption(providerToken, id).path("status").asText().equals("pending")));
    }

    /** Every ledger entry of a provider, in order. */
    private static List<Map<String, AttributeValue>> ledger(String providerId) {
        return runtime.clients().dynamoDb().query(q -> q.tableName(table("LedgerTable")).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :e)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("LEDGER#" + providerId),
                        ":e", AttributeValue.fromS("E#")))).items();
    }

    private static List<Message> takeAll(String queueUrl, int expected) {
        List<Message> all = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (all.size() < expected && System.nanoTime() < deadline) {
            all.addAll(runtime.clients().sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(60).waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages());
        }
        return all;
    }

    private static byte[] sqsEvent(List<Message> records) {
        ObjectNode event = Api.JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        for (Message m : records) {
            ObjectNode r = array.addObject();
            r.put("messageId", m.messageId() + "-" + UUID.randomUUID());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            ObjectNode attributes = r.putObject("attributes");
            m.attributesAsStrings().forEach(attributes::put);
            r.put("eventSource", "aws:sqs");
        }
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Declares sessions on fresh vouchers while the consumer is stopped: the messages wait in the queue. */
    private static List<String> pendingRedemptions(String providerToken, String providerId, int count) {
        String parent = api.token("parent", "Parent fiabilité " + UUID.randomUUID());
        List<String> ids = new ArrayList<>();
        JsonNode vouchers = api.mint(parent, providerId, Math.min(5, count));
        for (JsonNode v : vouchers) {
            HttpResponse<String> r = api.redeem(providerToken, v.path("code").asText(), UUID.randomUUID().toString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            try {
                ids.add(Api.JSON.readTree(r.body()).path("redemptionId").asText());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return ids;
    }

    @Test
    void everyMessageDeliveredThreeTimesAndReorderedGivesTheSameLedger() {
        String token = api.token("provider", "Fiabilité doublons " + UUID.randomUUID());
        String providerId = api.approvedPsychologist(token, "Fiabilite Doublons");
        consumer.close();
        List<String> ids = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            ids.addAll(pendingRedemptions(token, providerId, 5));
        }
        List<Message> messages = takeAll(queue("RedemptionQueue"), ids.size());
        assertThat(messages).hasSize(ids.size());
        List<Message> deliveries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            deliveries.addAll(messages);
        }
        Collections.shuffle(deliveries, new Random(42));
        for (int i = 0; i < deliveries.size(); i += 7) {
            var result = runtime.function("ApplyRedemptionsFunction").invoke(sqsEvent(deliveries.subList(i, Math.min(deliveries.size(), i + 7))));
            assertThat(result.failed()).isFalse();
        }
        messages.forEach(m -> runtime.clients().sqs().deleteMessage(r -> r.queueUrl(queue("RedemptionQueue")).receiptHandle(m.receiptHandle())));
        consumer.start();

        assertThat(ids).allSatisfy(id -> assertThat(redemption(token, id).path("status").asText()).isEqualTo("applied"));
        List<Map<String, AttributeValue>> entries = ledger(providerId);
        assertThat(entries).hasSize(ids.size());
        assertThat(entries).extracting(e -> e.get("redemptionId").s()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(entries).extracting(e -> Long.parseLong(e.get("seq").n()))
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, ids.size()).boxed().toList());
    }

    @Test
    void aConsumerDyingMidBatchLosesNothingAndDoublesNothing() {
        String token = api.token("provider", "Fiabilité panne " + UUID.randomUUID());
        String providerId = api.approvedPsychologist(token, "Fiabilite Panne");
        consumer.close();
        List<String> ids = new ArrayList<>(pendingRedemptions(token, providerId, 5));
        ids.addAll(pendingRedemptions(token, providerId, 5));
        List<Message> batch = takeAll(queue("RedemptionQueue"), ids.size());
        // The consumer handles half the batch, then dies: it never answers, so nothing is deleted.
        runtime.function("ApplyRedemptionsFunction").invoke(sqsEvent(batch.subList(0, batch.size() / 2)));
        batch.forEach(m -> runtime.clients().sqs().changeMessageVisibility(r -> r.queueUrl(queue("RedemptionQueue"))
                .receiptHandle(m.receiptHandle()).visibilityTimeout(1)));
        consumer.start();
        awaitSettled(token, ids);

        assertThat(ids).allSatisfy(id -> assertThat(redemption(token, id).path("status").asText()).isEqualTo("applied"));
        assertThat(ledger(providerId)).hasSize(ids.size());
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterQueueAndAppliesOnceWhenRedrivenAfterTheFix() {
        String token = api.token("provider", "Fiabilité poison " + UUID.randomUUID());
        String providerId = api.approvedPsychologist(token, "Fiabilite Poison");
        consumer.close();
        String id = pendingRedemptions(token, providerId, 1).get(0);
        // The fault: the redemption record is missing (as if a bug had lost it), so every delivery fails.
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("REDEMPTION#" + id), "sk", AttributeValue.fromS("REDEMPTION"));
        Map<String, AttributeValue> record = runtime.clients().dynamoDb().getItem(g -> g.tableName(table("LedgerTable")).key(key)).item();
        runtime.clients().dynamoDb().deleteItem(d -> d.tableName(table("LedgerTable")).key(key));
        consumer.start();

        String agent = api.token("agent", "Agent fiabilité");
        Fixtures.await("the message in the dead-letter queue", Duration.ofSeconds(60), () ->
                api.json("GET", "/api/back-office/dead-letters", agent, null, 200).path("items").findValuesAsText("redemptionId").contains(id));
        JsonNode letter = null;
        for (JsonNode l : api.json("GET", "/api/back-office/dead-letters", agent, null, 200).path("items")) {
            if (l.path("redemptionId").asText().equals(id)) {
                letter = l;
            }
        }
        assertThat(letter.path("receiveCount").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(letter.path("reason").asText()).as("the cause, for the agent").contains(id).contains("introuvable");
        assertThat(letter.path("failedAt").asText()).isNotEmpty();
        assertThat(ledger(providerId)).isEmpty();

        // The fix, then the agent sends it back.
        runtime.clients().dynamoDb().putItem(p -> p.tableName(table("LedgerTable")).item(record));
        JsonNode moved = api.json("POST", "/api/back-office/dead-letters/redrive", agent,
                "{\"messageId\":\"" + letter.path("messageId").asText() + "\"}", 200);
        assertThat(moved.path("moved").asInt()).isEqualTo(1);
        awaitSettled(token, List.of(id));
        assertThat(redemption(token, id).path("status").asText()).isEqualTo("applied");
        assertThat(ledger(providerId)).hasSize(1);
        assertThat(api.json("GET", "/api/back-office/dead-letters", agent, null, 200).path("items").findValuesAsText("redemptionId"))
                .doesNotContain(id);
    }

    @Test
    void twoProvidersSubmittingOneCode500TimesEachRedeemItExactlyOnce() throws Exception {
        String tokenA = api.token("provider", "Course A " + UUID.randomUUID());
        String tokenB = api.token("provider", "Course B " + UUID.randomUUID());
        String providerA = api.approvedPsychologist(tokenA, "Course Alpha");
        String providerB = api.approvedPsychologist(tokenB, "Course Beta");
        String parent = api.token("parent", "Parent course " + UUID.randomUUID());
        String code = api.mint(parent, null, 1).get(0).path("code").asText();

        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            calls.add(pool.submit(() -> api.redeem(tokenA, code, UUID.randomUUID().toString())));
            calls.add(pool.submit(() -> api.redeem(tokenB, code, UUID.randomUUID().toString())));
        }
        // Each redemption id with the token of the provider who got it.
        Map<String, String> ownerToken = new HashMap<>();
        int throttled = 0;
        for (int i = 0; i < calls.size(); i++) {
            HttpResponse<String> r = calls.get(i).get();
            // Beyond 30 declarations a minute a provider is told to wait (429, nothing stored).
            assertThat(r.statusCode()).as(r.body()).isIn(202, 409, 429);
            if (r.statusCode() == 202) {
                ownerToken.put(Api.JSON.readTree(r.body()).path("redemptionId").asText(), i % 2 == 0 ? tokenA : tokenB);
            }
            throttled += r.statusCode() == 429 ? 1 : 0;
        }
        assertThat(throttled).as("the rest of each provider's minute is throttled").isGreaterThan(0);
        assertThat(calls.size() - throttled).as("each provider's minute admits its 30 declarations").isGreaterThanOrEqualTo(60);
        pool.shutdown();
        Fixtures.await("every redemption decided", Duration.ofSeconds(60), () -> ownerToken.entrySet().stream()
                .noneMatch(e -> redemption(e.getValue(), e.getKey()).path("status").asText().equals("pending")));
        long applied = ownerToken.entrySet().stream()
                .filter(e -> redemption(e.getValue(), e.getKey()).path("status").asText().equals("applied")).count();
        assertThat(applied).isEqualTo(1);
        assertThat(ledger(providerA).size() + ledger(providerB).size()).isEqualTo(1);
    }
}
