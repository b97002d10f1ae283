package eu.passerelle.functions.reimbursement;

import eu.passerelle.functions.http.Json;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The ReimbursementRunQueue: one message asks for (more of) a run's execution. A run that does
 * not finish within one invocation sends itself a continuation; a crashed invocation's message
 * comes back after the visibility timeout and the run resumes from its watermarks.
 */
public final class RunQueue {

    public static final String QUEUE_SETTING = "REIMBURSEMENT_RUN_QUEUE_URL";

    /** The message body. */
    public record Execute(String runId) {
    }

    private final SqsClient sqs;
    private final String queueUrl;

    public RunQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public void execute(String runId) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(Json.write(new Execute(runId))));
    }

    /** Keeps a received message hidden for {@code visibility} from now (the executor's heartbeat). */
    public void hold(String receiptHandle, java.time.Duration visibility) {
        sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(receiptHandle)
                .visibilityTimeout((int) visibility.toSeconds()));
    }
}
