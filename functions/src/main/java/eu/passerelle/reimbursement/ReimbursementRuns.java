package eu.passerelle.reimbursement;

import eu.passerelle.Rejection;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Starts and executes reimbursement runs. Exactly-once payment does not rest on a lock: each
 * provider's statement is committed with a conditional move of that provider's watermark, so a
 * crashed run resumed, a retried run or two runs at once can never settle an entry twice; the
 * loser of a race finds the watermark moved and settles only what is left.
 */
public final class ReimbursementRuns {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int WATERMARK_BATCH = 100;

    private final ReimbursementStore store;
    private final Supplier<Pricing> pricing;
    private final Payees payees;
    private final PaymentFiles files;
    private final SettlementObserver observer;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ReimbursementRuns(ReimbursementStore store, Supplier<Pricing> pricing, Payees payees, PaymentFiles files,
                             SettlementObserver observer, Clock clock) {
        this.store = store;
        this.pricing = pricing;
        this.payees = payees;
        this.files = files;
        this.observer = observer;
        this.clock = clock;
    }

    /** Whether a run has more to do after an execution stopped at its deadline. */
    public enum Progress { MORE, DONE }

    /**
     * The scheduled run of {@code firedAt}: its id comes from the firing time, so a retried
     * invocation finds and resumes the same run instead of starting another.
     */
    public Run startScheduled(Instant firedAt) {
        String id = ID_TIME.format(firedAt) + "-S";
        Run run = Run.started(id, "schedule", firedAt);
        store.create(run);
        return store.run(id).orElse(run);
    }

    /**
     * A run an agent asks for, cut off now. Refused while another run is in progress (a
     * courtesy: two runs at once would still pay each session once).
     */
    public Run startOnDemand(String agentId) {
        Optional<Run> running = store.runs(null, 20).items().stream().filter(r -> !r.finished()).findFirst();
        if (running.isPresent()) {
            throw new Rejection(Rejection.Kind.CONFLICT, "run-in-progress", "Remboursement en cours",
                    "Le remboursement " + running.get().id() + " est en cours : attendez qu'il se termine.", List.of());
        }
        Instant now = clock.instant();
        String id = ID_TIME.format(now) + "-A" + HexFormat.of().formatHex(bytes(2));
        Run run = Run.started(id, agentId, now);
        store.create(run);
        return run;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /**
     * Settles providers one by one until done or {@code deadline}, then (when every provider is
     * settled) checks the totals and issues the payment file. Safe to call again at any time.
     */
    public Progress execute(String runId, Instant deadline) {
        Run run = store.run(runId).orElseThrow(() -> Rejection.notFound("unknown-run", "Remboursement inconnu",
                "Aucun remboursement ne porte ce numéro."));
        if (run.finished()) {
            return Progress.DONE;
        }
        List<String> candidates = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        List<ReimbursementStore.Ledger> ledgers = new ArrayList<>();
        store.ledgers(ledgers::add);
        Map<String, Watermark> marks = new java.util.HashMap<>();
        for (ReimbursementStore.Ledger ledger : ledgers) {
            batch.add(ledger.providerId());
            if (batch.size() == WATERMARK_BATCH) {
                marks.putAll(store.watermarks(batch));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            marks.putAll(store.watermarks(batch));
        }
        for (ReimbursementStore.Ledger ledger : ledgers) {
            Watermark w = marks.getOrDefault(ledger.providerId(), Watermark.NONE);
            if (ledger.head() > w.settledThrough() && !runId.equals(w.lastRunId())) {
                candidates.add(ledger.providerId());
            }
        }
        store.providersFound(runId, run.providersDone() + candidates.size());
        Pricing prices = pricing.get();
        for (String providerId : candidates) {
            if (!clock.instant().isBefore(deadline)) {
                return Progress.MORE;
            }
            if (!settle(run, providerId, marks.getOrDefault(providerId, Watermark.NONE), prices)) {
                return Progress.DONE; // another execution of this run finished it meanwhile
            }
        }
        finish(runId);
        return Progress.DONE;
    }

    /** Settles one provider; false when the run turned out to be finished by another execution. */
    private boolean settle(Run run, String providerId, Watermark from, Pricing prices) {
        Watermark mark = from;
        for (int attempt = 0; attempt < 5; attempt++) {
            if (run.id().equals(mark.lastRunId())) {
                return true; // an earlier or concurrent execution of this run settled this provider
            }
            List<LedgerEntry> entries = store.entriesAfter(providerId, mark.settledThrough(), Statement.MAX_ENTRIES);
            Optional<Statement> statement = Statement.settle(run.id(), providerId, mark, entries, run.cutoff(), prices,
                    clock.instant());
            if (statement.isEmpty()) {
                return true;
            }
            switch (store.commit(statement.get(), mark)) {
                case COMMITTED -> {
                    observer.settled(statement.get());
                    return true;
                }
                case RUN_FINISHED -> {
                    return false;
                }
                case WATERMARK_MOVED -> mark = store.watermarks(List.of(providerId)).getOrDefault(providerId, Watermark.NONE);
            }
        }
        throw new IllegalStateException("Provider ledger kept moving during settlement");
    }

    public eu.passerelle.providers.Page<Run> runs(String cursor, int limit) {
        return store.runs(cursor, limit);
    }

    public Run run(String runId) {
        return store.run(runId).orElseThrow(() -> Rejection.notFound("unknown-run", "Remboursement inconnu",
                "Aucun remboursement ne porte ce numéro."));
    }

    /** The run's payment file, once the checks passed. */
    public String paymentFile(String runId) {
        Run run = run(runId);
        if (run.status() == Run.Status.COMPLETED && run.fileReference() == null) {
            throw new Rejection(Rejection.Kind.CONFLICT, "no-payment-file", "Pas de fichier de virements",
                    "Aucun virement dans ce remboursement : aucun prestataire n'a de solde positif.", List.of());
        }
        if (run.status() != Run.Status.COMPLETED) {
            throw new Rejection(Rejection.Kind.CONFLICT, "no-payment-file", "Pas de fichier de virements",
                    run.status() == Run.Status.BLOCKED ? "Ce remboursement a été arrêté avant l'émission du fichier : " + run.problem()
                            : "Le fichier sera disponible à la fin du remboursement.", List.of());
        }
        return store.paymentFile(runId).orElseThrow(() -> new IllegalStateException("Completed run without its file"));
    }

    /**
     * The checks before money moves, then the payment file: every statement's lines add up to
     * its total, and the run's control sum (advanced with each statement) equals the sum of its
     * statements. A mismatch blocks the run: no file.
     */
    void finish(String runId) {
        Run run = store.run(runId).orElseThrow();
        if (run.finished()) {
            return;
        }
        long[] sums = new long[3]; // payable, lines, lines total
        int[] statements = {0};
        List<StatementSummary> payable = new ArrayList<>();
        String problem = null;
        try {
            // One pass over what is stored: each statement is rebuilt from its stored lines (the
            // record checks that they add up to its totals) before it counts.
            store.statementsWithLines(runId, full -> {
                StatementSummary summary = StatementSummary.of(full);
                statements[0]++;
                sums[0] += summary.payableCents();
                sums[1] += summary.lineCount();
                sums[2] += summary.linesTotalCents();
                if (summary.payableCents() > 0) {
                    payable.add(summary);
                }
            });
            if (sums[0] != run.controlSumCents() || statements[0] != run.providersDone() || sums[1] != run.linesCount()
                    || sums[2] != run.linesTotalCents()) {
                problem = "Le total de contrôle (" + run.controlSumCents() + " centimes, " + run.providersDone()
                        + " relevés) ne correspond pas à la somme des relevés (" + sums[0] + " centimes, " + statements[0]
                        + " relevés).";
            }
        } catch (Statement.TotalsMismatch e) {
            problem = "Un relevé ne s'additionne pas : " + e.getMessage();
        }
        if (problem == null) {
            List<Transfer> transfers = new ArrayList<>();
            for (StatementSummary s : payable) {
                Optional<Payee> payee = payees.payee(s.providerId());
                if (payee.isEmpty()) {
                    problem = "Coordonnées bancaires manquantes pour le relevé " + s.reference() + ".";
                    break;
                }
                transfers.add(new Transfer(payee.get(), s.payableCents(), s.reference()));
            }
            if (problem == null && transfers.isEmpty()) {
                store.complete(runId, null, null, clock.instant()); // nothing to pay: no file
                return;
            }
            if (problem == null) {
                String reference = "PAS-" + runId;
                String file = files.build(reference, clock.instant(), transfers, run.controlSumCents());
                store.complete(runId, reference, file, clock.instant());
                return;
            }
        }
        store.block(runId, problem, clock.instant());
    }
}
