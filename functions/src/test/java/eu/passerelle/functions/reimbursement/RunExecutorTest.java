package eu.passerelle.functions.reimbursement;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import eu.passerelle.Rejection;
import eu.passerelle.functions.PasserelleFunctions;
import eu.passerelle.functions.support.LocalTables;
import eu.passerelle.functions.support.MutableClock;
import eu.passerelle.reimbursement.Ledgers;
import eu.passerelle.reimbursement.Pricing;
import eu.passerelle.reimbursement.ReimbursementRuns;
import eu.passerelle.reimbursement.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The run executor as the run queue drives it: a run whose executions keep failing ends blocked
 * with its reason and never holds the programme; while an execution works, its heartbeat keeps
 * the message hidden only a short while at a time, so a crashed execution resumes soon.
 */
class RunExecutorTest {

    private static final Instant NOW = Instant.parse("2026-06-15T08:00:00Z");

    private LocalTables tables;
    private DynamoReimbursementStore store;
    private final MutableClock clock = new MutableClock(NOW);
    private final List<ChangeMessageVisibilityRequest> holds = new CopyOnWriteArrayList<>();
    private final List<String> sent = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        tables = LocalTables.start();
        store = new DynamoReimbursementStore(tables.client(), tables.table(PasserelleFunctions.REIMBURSEMENT_TABLE),
                tables.table(PasserelleFunctions.LEDGER_TABLE));
    }

    @AfterEach
    void stop() {
        tables.close();
    }

    private ReimbursementRuns runs(Supplier<Pricing> pricing) {
        return new ReimbursementRuns(store, pricing, id -> Optional.empty(),
                (ref, at, transfers, sum) -> "<Document/>", clock);
    }

    /** A queue that records what the executor asks of SQS. */
    private RunQueue queue() {
        SqsClient sqs = (SqsClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{SqsClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("changeMessageVisibility") && args[0] instanceof Consumer<?> c) {
                        ChangeMessageVisibilityRequest.Builder b = ChangeMessageVisibilityRequest.builder();
                        @SuppressWarnings("unchecked") Consumer<ChangeMessageVisibilityRequest.Builder> fill =
                                (Consumer<ChangeMessageVisibilityRequest.Builder>) c;
                        fill.accept(b);
                        holds.add(b.build());
                        return null;
                    }
                    if (method.getName().equals("sendMessage")) {
                        sent.add("continuation");
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new RunQueue(sqs, "https://sqs.local/runs");
    }

    private static SQSEvent delivery(String runId, int receiveCount) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("m-" + receiveCount);
        m.setReceiptHandle("receipt-" + receiveCount);
        m.setBody("{\"runId\":\"" + runId + "\"}");
        m.setAttributes(Map.of("ApproximateReceiveCount", String.valueOf(receiveCount)));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(m));
        return event;
    }

    @Test
    void aRunWhoseExecutionsKeepFailingEndsBlockedWithItsReasonOnTheLastReceiveAndTheNextRunCanStart() {
        ReimbursementRuns failing = runs(() -> {
            throw new IllegalStateException("tarifs illisibles");
        });
        RunQueue queue = queue();
        RunExecutor executor = new RunExecutor(() -> failing, () -> queue, clock, Duration.ofMinutes(12), Duration.ofSeconds(90), 3);
        Run run = failing.startOnDemand("agent-1");

        for (int receive = 1; receive <= 2; receive++) {
            SQSBatchResponse response = executor.apply(delivery(run.id(), receive));
            assertThat(response.getBatchItemFailures()).hasSize(1);
            assertThat(store.run(run.id()).orElseThrow().status()).as("retried, not yet blocked").isEqualTo(Run.Status.RUNNING);
            assertThatThrownBy(() -> failing.startOnDemand("agent-2")).isInstanceOf(Rejection.class)
                    .hasMessageContaining("en cours");
        }
        SQSBatchResponse last = executor.apply(delivery(run.id(), 3));

        assertThat(last.getBatchItemFailures()).as("reported failed: the queue moves it to the dead-letter queue").hasSize(1);
        Run blocked = store.run(run.id()).orElseThrow();
        assertThat(blocked.status()).isEqualTo(Run.Status.BLOCKED);
        assertThat(blocked.problem()).contains("a échoué 3 fois").contains("tarifs illisibles");
        assertThat(ReimbursementHandlers.view(blocked).problem()).as("what GET run shows the agent").isEqualTo(blocked.problem());
        Run next = failing.startOnDemand("agent-2");
        assertThat(next.id()).isNotEqualTo(run.id());
        store.block(next.id(), "fin du test", clock.instant());
    }

    @Test
    void aBlockedRunResumedByAnAgentSettlesWhatIsLeftAndIssuesItsFile() {
        LedgerFixture ledger = new LedgerFixture(tables);
        String provider = "resume-" + UUID.randomUUID().toString().substring(0, 6);
        ledger.redeem(provider, java.time.LocalDate.of(2026, 6, 3), "A", NOW.minusSeconds(3600));
        ReimbursementRuns failing = new ReimbursementRuns(store, () -> {
            throw new IllegalStateException("tarifs illisibles");
        }, id -> Optional.of(new eu.passerelle.reimbursement.Payee(id, "Cabinet " + id, "FR7630006000011234567890189", "AGRIFRPP")),
                (ref, at, transfers, sum) -> "<Document/>", clock);
        ReimbursementRuns fixed = new ReimbursementRuns(store, () -> new Pricing(Ledgers.twoVersions()),
                id -> Optional.of(new eu.passerelle.reimbursement.Payee(id, "Cabinet " + id, "FR7630006000011234567890189", "AGRIFRPP")),
                (ref, at, transfers, sum) -> "<Document/>", clock);
        RunQueue queue = queue();
        Run run = failing.startOnDemand("agent-1");
        new RunExecutor(() -> failing, () -> queue, clock, Duration.ofMinutes(12), Duration.ofSeconds(90), 3)
                .apply(delivery(run.id(), 3));
        assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(Run.Status.BLOCKED);

        Run resumed = fixed.resume(run.id());
        assertThat(resumed.status()).isEqualTo(Run.Status.RUNNING);
        assertThat(resumed.problem()).isNull();
        new RunExecutor(() -> fixed, () -> queue, clock, Duration.ofMinutes(12), Duration.ofSeconds(90), 3)
                .apply(delivery(run.id(), 1));

        Run done = store.run(run.id()).orElseThrow();
        assertThat(done.status()).as(String.valueOf(done.problem())).isEqualTo(Run.Status.COMPLETED);
        assertThat(done.fileReference()).isEqualTo("PAS-" + run.id());
        assertThat(store.statement(run.id(), provider)).isPresent();
        assertThatThrownBy(() -> fixed.resume(run.id())).as("only a blocked run resumes")
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("run-not-blocked"));
    }

    @Test
    void aRunNobodyExecutesAnyMoreIsBlockedWithItsReasonWhenTheNextRunIsAskedFor() {
        ReimbursementRuns runs = runs(() -> new Pricing(Ledgers.twoVersions()));
        Run run = runs.startOnDemand("agent-1");
        clock.set(NOW.plus(ReimbursementRuns.ABANDONED_AFTER).minusSeconds(60));
        assertThatThrownBy(() -> runs.startOnDemand("agent-2")).isInstanceOf(Rejection.class);

        clock.set(NOW.plus(ReimbursementRuns.ABANDONED_AFTER).plusSeconds(1));
        Run next = runs.startOnDemand("agent-2");

        assertThat(next.id()).isNotEqualTo(run.id());
        Run abandoned = store.run(run.id()).orElseThrow();
        assertThat(abandoned.status()).isEqualTo(Run.Status.BLOCKED);
        assertThat(abandoned.problem()).contains("Exécution interrompue");
    }

    @Test
    void whileARunExecutesItsHeartbeatKeepsTheMessageHiddenAShortWhileAtATimeAndNotesTheRunAlive() {
        ReimbursementRuns slow = runs(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Pricing(Ledgers.twoVersions());
        });
        RunQueue queue = queue();
        RunExecutor executor = new RunExecutor(() -> slow, () -> queue, Clock.fixed(), Duration.ofMinutes(12),
                Duration.ofSeconds(1), 3);
        Run run = slow.startScheduled(NOW);

        SQSBatchResponse response = executor.apply(delivery(run.id(), 1));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(Run.Status.COMPLETED);
        assertThat(holds).as("held again every third of its visibility while it worked").hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(h -> {
                    assertThat(h.receiptHandle()).isEqualTo("receipt-1");
                    assertThat(h.visibilityTimeout()).isEqualTo(1);
                });
        assertThat(store.lastHeartbeat(run.id())).isPresent();
    }

    /** The clock of the executor's budget: real time, the run's own clock stays where the test put it. */
    private static final class Clock {
        static java.time.Clock fixed() {
            return java.time.Clock.systemUTC();
        }
    }
}
