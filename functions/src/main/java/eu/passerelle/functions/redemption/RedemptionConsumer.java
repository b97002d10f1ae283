package eu.passerelle.functions.redemption;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import eu.passerelle.functions.http.Json;
import eu.passerelle.redemption.RedemptionMessage;
import eu.passerelle.redemption.RedemptionService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.time.Clock;
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
    /** Under the function's 30 s timeout (template.yaml), leaving time to answer. */
    static final java.time.Duration BATCH_BUDGET = java.time.Duration.ofSeconds(20);

    private final Supplier<RedemptionService> redemptions;
    private final FailureNotes notes;
    private final Clock clock;

    public RedemptionConsumer(Supplier<RedemptionService> redemptions, FailureNotes notes, Clock clock) {
        this.redemptions = redemptions;
        this.notes = notes;
        this.clock = clock;
    }

    /** Keeps why it failed for the agents' dead letters page; that note is no reason to fail twice. */
    private void note(RedemptionMessage message, String failure) {
        if (message == null || message.redemptionId() == null) {
            return;
        }
        try {
            notes.note(message.redemptionId(), failure, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Failure note for " + message.redemptionId() + " not kept: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public SQSBatchResponse apply(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        Set<String> failedGroups = new HashSet<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        // The invocation's time (template: Timeout 30 s) shared by the batch, with a margin to answer.
        java.time.Instant batchDeadline = clock.instant().plus(BATCH_BUDGET);
        for (SQSEvent.SQSMessage m : records) {
            String group = m.getAttributes() == null ? null : m.getAttributes().get("MessageGroupId");
            if (group != null && failedGroups.contains(group)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
                continue;
            }
            String failure;
            RedemptionMessage message = null;
            try {
                message = Json.MAPPER.readValue(m.getBody(), RedemptionMessage.class);
                java.time.Instant deadline = java.time.Instant.ofEpochMilli(Math.min(batchDeadline.toEpochMilli(),
                        clock.instant().plus(RedemptionService.LEDGER_PATIENCE).toEpochMilli()));
                failure = redemptions.get().apply(message, deadline) == RedemptionService.Applied.RETRY_LATER
                        ? "Le registre du professionnel était occupé par une autre écriture." : null;
            } catch (RedemptionService.CannotApply e) {
                failure = e.getMessage();
            } catch (Exception e) {
                failure = message == null ? "Message illisible." : "Erreur technique (" + e.getClass().getSimpleName() + ").";
            }
            if (failure != null) {
                // Ids and classes only: bodies hold voucher codes.
                LOG.warn("Redemption message " + m.getMessageId() + " failed" + (message == null ? "" : " for " + message.redemptionId()));
                note(message, failure);
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
                if (group != null) {
                    failedGroups.add(group);
                }
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
