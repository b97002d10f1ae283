package eu.passerelle.functions.redemption;

import eu.passerelle.Rejection;
import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;
import eu.passerelle.functions.http.Json;
import eu.passerelle.functions.http.JsonBodies;
import eu.passerelle.redemption.RedemptionMessage;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Agents see the redemption messages that failed {@code maxReceiveCount} times and send them
 * back to the queue once the cause is fixed. Sending back moves each message (send, then
 * delete): a crash in between duplicates it, which the consumer absorbs.
 */
public final class DeadLetters {

    public static final String DLQ_SETTING = "REDEMPTION_DLQ_URL";

    /** The body of a redrive: one message, or all. */
    public record Redrive(String messageId, Boolean all) {
    }

    /**
     * @param reason    why its last delivery failed, in an agent's words (null when nobody noted it)
     * @param failedAt  when that was
     */
    record Letter(String messageId, String redemptionId, String voucherId, Instant sentAt, int receiveCount, boolean readable,
                  String reason, Instant failedAt) {
    }

    record Letters(List<Letter> items) {
    }

    record Redriven(int moved) {
    }

    private final Supplier<SqsClient> sqs;
    private final Supplier<String> deadLetterQueue;
    private final Supplier<String> queue;

    private final FailureNotes notes;

    public DeadLetters(Supplier<SqsClient> sqs, Supplier<String> deadLetterQueue, Supplier<String> queue, FailureNotes notes) {
        this.sqs = sqs;
        this.deadLetterQueue = deadLetterQueue;
        this.queue = queue;
        this.notes = notes;
    }

    /** Looks without taking: received with a zero visibility timeout, they stay available. */
    private List<Message> peek(int visibilitySeconds) {
        Map<String, Message> seen = new LinkedHashMap<>();
        for (int round = 0; round < 10; round++) {
            int wait = round == 0 ? 1 : 0;
            List<Message> got = sqs.get().receiveMessage(r -> r.queueUrl(deadLetterQueue.get()).maxNumberOfMessages(10)
                    .visibilityTimeout(visibilitySeconds).waitTimeSeconds(wait)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            int before = seen.size();
            got.forEach(m -> seen.putIfAbsent(m.messageId(), m));
            if (got.isEmpty() || seen.size() == before) {
                break;
            }
        }
        return new ArrayList<>(seen.values());
    }

    /** {@code GET /api/back-office/dead-letters} */
    public HttpResponse list(HttpRequest request) {
        List<Letter> letters = peek(0).stream().map(DeadLetters::letter).toList();
        Map<String, FailureNotes.Note> why = notes.of(letters.stream().map(Letter::redemptionId)
                .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toSet()));
        return HttpResponse.ok(new Letters(letters.stream().map(l -> {
            if (!l.readable()) {
                return new Letter(l.messageId(), null, null, l.sentAt(), l.receiveCount(), false, "Message illisible.", null);
            }
            FailureNotes.Note note = why.get(l.redemptionId());
            return note == null ? l : new Letter(l.messageId(), l.redemptionId(), l.voucherId(), l.sentAt(), l.receiveCount(), true,
                    note.reason(), note.at());
        }).toList()));
    }

    /** {@code POST /api/back-office/dead-letters/redrive} */
    public HttpResponse redrive(HttpRequest request) {
        Redrive redrive = JsonBodies.read(request, Redrive.class);
        boolean all = Boolean.TRUE.equals(redrive.all());
        if (!all && (redrive.messageId() == null || redrive.messageId().isBlank())) {
            throw new Rejection(Rejection.Kind.INVALID, "invalid-redrive", "Quel message ?",
                    "Donnez messageId, ou all: true pour tous les renvoyer.", List.of(
                    new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/messageId", "Obligatoire sans all.")));
        }
        int moved = 0;
        for (Message m : peek(60)) {
            if (!all && !m.messageId().equals(redrive.messageId())) {
                sqs.get().changeMessageVisibility(r -> r.queueUrl(deadLetterQueue.get()).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(0));
                continue;
            }
            String group = m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
            String original = m.attributes().getOrDefault(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, m.messageId());
            // A fresh deduplication id: the original may still be inside the queue's five-minute window.
            String dedup = original.substring(0, Math.min(100, original.length())) + "-r" + Instant.now().getEpochSecond();
            sqs.get().sendMessage(r -> r.queueUrl(queue.get()).messageBody(m.body()).messageGroupId(group)
                    .messageDeduplicationId(dedup));
            sqs.get().deleteMessage(r -> r.queueUrl(deadLetterQueue.get()).receiptHandle(m.receiptHandle()));
            moved++;
        }
        if (!all && moved == 0) {
            throw Rejection.notFound("unknown-dead-letter", "Message introuvable",
                    "Ce message n'est plus dans la file des messages en échec.");
        }
        return HttpResponse.ok(new Redriven(moved));
    }

    private static Letter letter(Message m) {
        String redemption = null;
        String voucher = null;
        boolean readable = true;
        try {
            RedemptionMessage body = Json.MAPPER.readValue(m.body(), RedemptionMessage.class);
            redemption = body.redemptionId();
            voucher = body.voucherId();
        } catch (Exception e) {
            readable = false;
        }
        String sent = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        String count = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return new Letter(m.messageId(), redemption, voucher, sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent)),
                count == null ? 0 : Integer.parseInt(count), readable, null, null);
    }
}
