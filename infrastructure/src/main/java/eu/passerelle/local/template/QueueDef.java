package eu.passerelle.local.template;

import java.util.Map;

/**
 * An {@code AWS::SQS::Queue}.
 *
 * @param queueName           the explicit QueueName, or null when CloudFormation names it
 * @param deadLetterTarget    the {@code RedrivePolicy.deadLetterTargetArn} value (an intrinsic), or null
 */
public record QueueDef(String logicalId, Object queueName, boolean fifo, boolean contentBasedDeduplication,
                       int visibilityTimeoutSeconds, int messageRetentionSeconds, int delaySeconds,
                       int receiveMessageWaitSeconds, Object deadLetterTarget, int maxReceiveCount) {

    static QueueDef of(String logicalId, Map<String, Object> p) {
        Map<String, Object> redrive = SamTemplate.map(p.get("RedrivePolicy"));
        return new QueueDef(logicalId, p.get("QueueName"),
                Boolean.parseBoolean(String.valueOf(p.get("FifoQueue"))),
                Boolean.parseBoolean(String.valueOf(p.get("ContentBasedDeduplication"))),
                SamTemplate.integer(p.get("VisibilityTimeout"), 30),
                SamTemplate.integer(p.get("MessageRetentionPeriod"), 345_600),
                SamTemplate.integer(p.get("DelaySeconds"), 0),
                SamTemplate.integer(p.get("ReceiveMessageWaitTimeSeconds"), 0),
                redrive.get("deadLetterTargetArn"),
                SamTemplate.integer(redrive.get("maxReceiveCount"), 0));
    }
}
