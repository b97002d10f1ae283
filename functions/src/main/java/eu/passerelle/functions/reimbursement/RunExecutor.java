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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Executes runs from the ReimbursementRunQueue (batch size 1). Each invocation works until its
 * budget (under Lambda's 15 minutes), then queues a continuation and returns: the next
 * invocation resumes provider by provider.
 * <p>
 * While it works, a heartbeat keeps the message hidden for a short {@code visibility} only,
 * extended again every third of it (ChangeMessageVisibility), and notes the run alive: a crashed
 * execution's message comes back within that short time and the run resumes, instead of after the
 * queue's own visibility timeout (which Lambda wants at least the function's 15 minutes). A
 * failure leaves the message to come back; on its last receive ({@code maxReceives}, the queue's
 * maxReceiveCount) the run is blocked with the reason, so that it never holds the programme, and
 * the message goes on to the dead-letter queue.
 */
public final class RunExecutor implements java.util.function.Function<SQSEvent, SQSBatchResponse> {

    private static final Log LOG = LogFactory.getLog(RunExecutor.class);

    private final Supplier<ReimbursementRuns> runs;
    private final Supplier<RunQueue> queue;
    private final Clock clock;
    private final Duration budget;
    private final Duration visibility;
    private final int maxReceives;

    public RunExecutor(Supplier<ReimbursementRuns> runs, Supplier<RunQueue> queue, Clock clock, Duration budget,
                       Duration visibility, int maxReceives) {
        this.runs = runs;
        this.queue = queue;
        this.clock = clock;
        this.budget = budget;
        this.visibility = visibility;
        this.maxReceives = maxReceives;
    }

    @Override
    public SQSBatchResponse apply(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage m : records) {
            RunQueue.Execute message = null;
            ScheduledExecutorService heartbeat = null;
            try {
                message = Json.MAPPER.readValue(m.getBody(), RunQueue.Execute.class);
                heartbeat = heartbeat(m.getReceiptHandle(), message.runId());
                if (runs.get().execute(message.runId(), clock.instant().plus(budget)) == ReimbursementRuns.Progress.MORE) {
                    queue.get().execute(message.runId());
                }
                LOG.info("Reimbursement run " + message.runId() + " executed");
            } catch (Exception e) {
                String failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
                LOG.warn("Reimbursement run message " + m.getMessageId() + " failed: " + failure);
                int receives = receiveCount(m);
                if (message != null && message.runId() != null && receives >= maxReceives) {
                    try {
                        runs.get().blockAfterFailures(message.runId(), receives, failure);
                    } catch (RuntimeException blockFailed) {
                        LOG.warn("Run " + message.runId() + " could not be blocked: " + blockFailed.getClass().getSimpleName());
                    }
                }
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            } finally {
                if (heartbeat != null) {
                    heartbeat.shutdownNow();
                }
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private static int receiveCount(SQSEvent.SQSMessage m) {
        try {
            return m.getAttributes() == null ? 1 : Integer.parseInt(m.getAttributes().getOrDefault("ApproximateReceiveCount", "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Hides the message for {@code visibility} now (before the run does anything), then again every third of it, and notes the run alive. */
    private ScheduledExecutorService heartbeat(String receiptHandle, String runId) {
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reimbursement-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, visibility.toMillis() / 3);
        Runnable once = () -> {
            try {
                if (receiptHandle != null) {
                    queue.get().hold(receiptHandle, visibility);
                }
                runs.get().heartbeat(runId);
            } catch (RuntimeException e) {
                // A missed beat costs at worst an early redelivery, which the watermarks make harmless.
                LOG.warn("Heartbeat of run " + runId + " missed: " + e.getClass().getSimpleName());
            }
        };
        // The first beat before any work: a crash once the run has started must find its message
        // hidden for the short visibility, not the queue's own 960 s.
        once.run();
        beat.scheduleAtFixedRate(once, every, every, TimeUnit.MILLISECONDS);
        return beat;
    }
}
