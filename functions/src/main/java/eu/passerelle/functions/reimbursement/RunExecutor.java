package eu.passerelle.functions.reimbursement;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import eu.passerelle.functions.http.Json;
import eu.passerelle.reimbursement.ReimbursementRuns;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Executes runs from the ReimbursementRunQueue (batch size 1). Each invocation works until its
 * budget (under Lambda's 15 minutes), then queues a continuation and returns: the next
 * invocation resumes provider by provider. A failure leaves the message to come back.
 */
public final class RunExecutor implements java.util.function.Function<SQSEvent, SQSBatchResponse> {

    private static final Log LOG = LogFactory.getLog(RunExecutor.class);

    private final Supplier<ReimbursementRuns> runs;
    private final Supplier<RunQueue> queue;
    private final Clock clock;
    private final Duration budget;

    public RunExecutor(Supplier<ReimbursementRuns> runs, Supplier<RunQueue> queue, Clock clock, Duration budget) {
        this.runs = runs;
        this.queue = queue;
        this.clock = clock;
        this.budget = budget;
    }

    @Override
    public SQSBatchResponse apply(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage m : records) {
            try {
                RunQueue.Execute message = Json.MAPPER.readValue(m.getBody(), RunQueue.Execute.class);
                if (runs.get().execute(message.runId(), clock.instant().plus(budget)) == ReimbursementRuns.Progress.MORE) {
                    queue.get().execute(message.runId());
                }
                LOG.info("Reimbursement run " + message.runId() + " executed");
            } catch (Exception e) {
                LOG.warn("Reimbursement run message " + m.getMessageId() + " failed: " + e.getClass().getSimpleName()
                        + ": " + e.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
