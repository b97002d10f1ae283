package eu.passerelle.functions.redemption;

import eu.passerelle.functions.http.Json;
import eu.passerelle.redemption.RedemptionMessage;
import eu.passerelle.redemption.RedemptionQueue;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The redemption FIFO queue: one message group per voucher, deduplicated per provider's attempt. */
public final class SqsRedemptionQueue implements RedemptionQueue {

    public static final String QUEUE_SETTING = "REDEMPTION_QUEUE_URL";

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsRedemptionQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(RedemptionMessage message, String groupId, String deduplicationId) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(Json.write(message))
                .messageGroupId(groupId).messageDeduplicationId(deduplicationId));
    }
}
