package eu.passerelle.functions.redemption;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import eu.passerelle.functions.http.Json;
import eu.passerelle.redemption.RedemptionMessage;
import eu.passerelle.redemption.RedemptionService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Applies queued redemptions, reporting partial batch failures: a transient failure retries that
 * message alone (and, FIFO oblige, the later messages of its group in the batch); a message that
 * cannot apply fails every time and reaches the dead-letter queue after maxReceiveCount.
 */
public final class RedemptionConsumer implements Function<SQSEvent, SQSBatchResponse> {

    private static final Log LOG = LogFactory.getLog(RedemptionConsumer.class);

    private final Supplier<RedemptionService> redemptions;

    public RedemptionConsumer(Supplier<RedemptionService> redemptions) {
        this.redemptions = redemptions;
    }

    @Override
    public SQSBatchResponse apply(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        Set<String> failedGroups = new HashSet<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage m : records) {
            String group = m.getAttributes() == null ? null : m.getAttributes().get("MessageGroupId");
            if (group != null && failedGroups.contains(group)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
                continue;
            }
            boolean ok;
            try {
                RedemptionMessage message = Json.MAPPER.readValue(m.getBody(), RedemptionMessage.class);
                ok = redemptions.get().apply(message) != RedemptionService.Applied.RETRY_LATER;
            } catch (Exception e) {
                // Ids and classes only: bodies hold voucher codes.
                LOG.warn("Redemption message " + m.getMessageId() + " failed: " + e.getClass().getSimpleName());
                ok = false;
            }
            if (!ok) {
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
                if (group != null) {
                    failedGroups.add(group);
                }
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
