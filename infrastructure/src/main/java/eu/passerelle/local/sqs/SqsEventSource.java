package eu.passerelle.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.local.lambda.FunctionPool;
import eu.passerelle.local.lambda.InvocationResult;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Drives a function from an SQS queue as Lambda's event source mapping does: long-polls batches,
 * hands them over as an {@code SQSEvent}, deletes what succeeded. With
 * {@code ReportBatchItemFailures} only the items the function lists stay on the queue; a thrown
 * error, or an answer naming an item that is not in the batch, leaves the whole batch. What stays
 * comes back after the queue's visibility timeout, and the queue's redrive policy moves it to
 * the dead-letter queue after {@code maxReceiveCount} receives.
 */
public final class SqsEventSource implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RECEIVE = 10;

    /** Where a mapping reads and how it batches. */
    public record Mapping(String name, String queueUrl, String queueArn, int batchSize, int batchingWindowSeconds,
                          boolean reportBatchItemFailures, int concurrency, String region) {
    }

    private final Mapping mapping;
    private final SqsClient sqs;
    private final FunctionPool function;
    private final Consumer<String> log;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> pollers = new ArrayList<>();
    private final AtomicLong invocations = new AtomicLong();

    public SqsEventSource(Mapping mapping, SqsClient sqs, FunctionPool function, Consumer<String> log) {
        this.mapping = mapping;
        this.sqs = sqs;
        this.function = function;
        this.log = log;
    }

    public Mapping mapping() {
        return mapping;
    }

    public long invocations() {
        return invocations.get();
    }

    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        for (int i = 0; i < mapping.concurrency(); i++) {
            Thread t = new Thread(this::pollLoop, "sqs-" + mapping.name() + "-" + i);
            t.setDaemon(true);
            pollers.add(t);
            t.start();
        }
    }

    private void pollLoop() {
        while (running.get()) {
            try {
                List<Message> batch = receiveBatch();
                if (!batch.isEmpty() && running.get()) {
                    deliver(batch);
                }
            } catch (SdkException e) {
                if (running.get()) {
                    log.accept("poller " + mapping.name() + ": " + e.getMessage());
                    pause(1000);
                }
            } catch (RuntimeException e) {
                log.accept("poller " + mapping.name() + " failed: " + e);
                pause(1000);
            }
        }
    }

    /** Receives up to the batch size, waiting at most the batching window once a first message came. */
    List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>();
        long windowEnd = Long.MAX_VALUE;
        while (running.get() && batch.size() < mapping.batchSize()) {
            long now = System.nanoTime();
            int wait = batch.isEmpty() ? 1 : (int) Math.min(1, Math.max(0, (windowEnd - now) / 1_000_000_000L));
            List<Message> received = sqs.receiveMessage(r -> r.queueUrl(mapping.queueUrl())
                    .maxNumberOfMessages(Math.min(MAX_RECEIVE, mapping.batchSize() - batch.size()))
                    .waitTimeSeconds(wait)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                if (received.isEmpty()) {
                    continue; // keep long-polling until something arrives
                }
                windowEnd = System.nanoTime() + mapping.batchingWindowSeconds() * 1_000_000_000L;
            }
            batch.addAll(received);
            if (received.isEmpty() || System.nanoTime() >= windowEnd) {
                break;
            }
        }
        return batch;
    }

    void deliver(List<Message> batch) {
        invocations.incrementAndGet();
        InvocationResult result;
        try {
            result = function.invoke(JSON.writeValueAsBytes(event(batch)));
        } catch (Exception e) {
            log.accept(mapping.name() + ": invocation failed (" + e + "); batch left for retry");
            return;
        }
        if (result.failed()) {
            log.accept(mapping.name() + ": function error " + result.errorType() + "; " + batch.size()
                    + " message(s) left for retry after the visibility timeout");
            return;
        }
        Set<String> failed = mapping.reportBatchItemFailures() ? failedItems(result.payload(), batch) : Set.of();
        List<Message> done = batch.stream().filter(m -> !failed.contains(m.messageId())).toList();
        delete(done);
        if (!failed.isEmpty()) {
            log.accept(mapping.name() + ": " + failed.size() + " of " + batch.size() + " message(s) reported failed");
        }
    }

    /**
     * The items to retry, per Lambda's rules: an empty or absent list means all succeeded; an
     * item id that is empty or not in the batch fails the whole batch.
     */
    static Set<String> failedItems(byte[] payload, List<Message> batch) {
        Set<String> ids = new HashSet<>();
        batch.forEach(m -> ids.add(m.messageId()));
        JsonNode response;
        try {
            response = payload == null || payload.length == 0 ? null : JSON.readTree(payload);
        } catch (Exception notJson) {
            return ids;
        }
        if (response == null || response.isNull() || !response.has("batchItemFailures")) {
            return Set.of();
        }
        JsonNode failures = response.get("batchItemFailures");
        if (failures.isNull()) {
            return Set.of();
        }
        if (!failures.isArray()) {
            return ids;
        }
        Set<String> failed = new HashSet<>();
        for (JsonNode f : failures) {
            String id = f.path("itemIdentifier").asText("");
            if (id.isEmpty() || !ids.contains(id)) {
                return ids;
            }
            failed.add(id);
        }
        return failed;
    }

    private void delete(List<Message> messages) {
        for (int i = 0; i < messages.size(); i += MAX_RECEIVE) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            List<Message> slice = messages.subList(i, Math.min(messages.size(), i + MAX_RECEIVE));
            for (int j = 0; j < slice.size(); j++) {
                Message m = slice.get(j);
                entries.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(j)).receiptHandle(m.receiptHandle()).build());
            }
            var response = sqs.deleteMessageBatch(r -> r.queueUrl(mapping.queueUrl()).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                log.accept(mapping.name() + ": " + response.failed().size() + " delete(s) failed; they will be redelivered");
            }
        }
    }

    /** The {@code SQSEvent} Lambda builds for a batch. */
    ObjectNode event(List<Message> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : batch) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            ObjectNode attributes = r.putObject("attributes");
            m.attributesAsStrings().forEach(attributes::put);
            ObjectNode messageAttributes = r.putObject("messageAttributes");
            m.messageAttributes().forEach((name, value) -> {
                ObjectNode a = messageAttributes.putObject(name);
                if (value.stringValue() != null) {
                    a.put("stringValue", value.stringValue());
                }
                if (value.binaryValue() != null) {
                    a.put("binaryValue", value.binaryValue().asByteArray());
                }
                a.putArray("stringListValues");
                a.putArray("binaryListValues");
                a.put("dataType", value.dataType());
            });
            r.put("md5OfBody", m.md5OfBody());
            if (m.md5OfMessageAttributes() != null) {
                r.put("md5OfMessageAttributes", m.md5OfMessageAttributes());
            }
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", mapping.queueArn());
            r.put("awsRegion", mapping.region());
        }
        return event;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread t : pollers) {
            try {
                t.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pollers.clear();
    }
}
