package eu.passerelle.local.template;

import java.util.Map;
import java.util.function.Function;

/**
 * An {@code AWS::SQS::Queue}. Numeric settings may be intrinsics (template parameters): read
 * them through {@link Deployment#resolved(QueueDef)}.
 *
 * @param queueName           the explicit QueueName, or null when CloudFormation names it
 * @param deadLetterTarget    the {@code RedrivePolicy.deadLetterTargetArn} value (an intrinsic), or null
 */
public record QueueDef(String logicalId, Object queueName, boolean fifo, boolean contentBasedDeduplication,
                       int visibilityTimeoutSeconds, int messageRetentionSeconds, int delaySeconds,
                       int receiveMessageWaitSeconds, Object deadLetterTarget, int maxReceiveCount,
                       Map<String, Object> properties) {

    static QueueDef of(String logicalId, Map<String, Object> p) {
        return read(logicalId, p, value -> value instanceof Map ? null : value);
    }

    /** The same queue with its settings' intrinsics resolved. */
    QueueDef resolve(Intrinsics intrinsics) {
        return read(logicalId, properties, intrinsics::resolve);
    }

    private static QueueDef read(String logicalId, Map<String, Object> p, Function<Object, Object> value) {
        Map<String, Object> redrive = SamTemplate.map(p.get("RedrivePolicy"));
        return new QueueDef(logicalId, p.get("QueueName"),
                Boolean.parseBoolean(String.valueOf(p.get("FifoQueue"))),
                Boolean.parseBoolean(String.valueOf(p.get("ContentBasedDeduplication"))),
                SamTemplate.integer(value.apply(p.get("VisibilityTimeout")), 30),
                SamTemplate.integer(value.apply(p.get("MessageRetentionPeriod")), 345_600),
                SamTemplate.integer(value.apply(p.get("DelaySeconds")), 0),
                SamTemplate.integer(value.apply(p.get("ReceiveMessageWaitTimeSeconds")), 0),
                redrive.get("deadLetterTargetArn"),
                SamTemplate.integer(value.apply(redrive.get("maxReceiveCount")), 0),
                p);
    }
}
