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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ReimbursementRuns(ReimbursementStore store, Supplier<Pricing> pricing, Payees payees, PaymentFiles files,
                             Clock clock) {
        this.store = store;
        this.pricing = pricing;
        this.payees = payees;
        this.files = files;
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
        Optional<Run> running = store.runs(null, 20).items().stream().filter(r -> !r.finished())
                .filter(r -> !abandoned(r)).findFirst();
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

    /**
     * How long a run may show no sign of life before it is taken for abandoned: every execution
     * notes one at least every minute (RunExecutor's heartbeat); a crashed execution's message
     * comes back within minutes, and after its last retry it is blocked by the executor itself.
     * Only a run whose last execution died without a word (killed on its last retry) gets here.
     */
    public static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofMinutes(20);

    /** A running run nobody executes any more is blocked with its reason, so that it never wedges the programme. */
    private boolean abandoned(Run run) {
        Instant lastSign = store.lastHeartbeat(run.id()).orElse(run.startedAt());
        if (clock.instant().isBefore(lastSign.plus(ABANDONED_AFTER))) {
            return false;
        }
        store.block(run.id(), "Exécution interrompue : aucun signe d'activité depuis le " + lastSign
                + ". Les relevés déjà établis restent acquis ; aucun fichier de virements n'a été émis.", clock.instant());
        return store.run(run.id()).map(Run::finished).orElse(true);
    }

    /**
     * An agent resumes a blocked run once its cause is fixed: it settles whatever is left and
     * issues its file, after the same checks (a run blocked by a total that does not add up
     * blocks again). Its statements are paid by no other run: without a resume they would wait.
     */
    public Run resume(String runId) {
        Run run = run(runId);
        if (run.status() != Run.Status.BLOCKED) {
            throw new Rejection(Rejection.Kind.CONFLICT, "run-not-blocked", "Remboursement non arrêté",
                    "Seul un remboursement arrêté se reprend : celui-ci est " + (run.finished() ? "terminé." : "en cours."),
                    List.of());
        }
        Optional<Run> running = store.runs(null, 20).items().stream().filter(r -> !r.finished())
                .filter(r -> !abandoned(r)).findFirst();
        if (running.isPresent()) {
            throw new Rejection(Rejection.Kind.CONFLICT, "run-in-progress", "Remboursement en cours",
                    "Le remboursement " + running.get().id() + " est en cours : attendez qu'il se termine.", List.of());
        }
        if (!store.reopen(runId, clock.instant())) {
            throw new Rejection(Rejection.Kind.CONFLICT, "run-not-blocked", "Remboursement non arrêté",
                    "Ce remboursement vient de changer d'état : rechargez la page.", List.of());
        }
        return run(runId);
    }

    /** Notes that an execution of the run is alive. */
    public void heartbeat(String runId) {
        store.heartbeat(runId, clock.instant());
    }

    /**
     * Stops a run whose executions keep failing, with the reason an agent reads: it no longer
     * holds the programme (the next run can start), and it issues no payment file.
     */
    public void blockAfterFailures(String runId, int attempts, String failure) {
        store.block(runId, "L'exécution a échoué " + attempts + " fois, le remboursement est arrêté : " + failure
                + ". Les relevés déjà établis restent acquis ; aucun fichier de virements n'a été émis.", clock.instant());
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
        // One reader a provider ahead of the single writer: the next provider's entries are read
        // while the current statement commits. Reads only; the watermark conditions decide.
        ExecutorService reader = daemonThread("reimbursement-read-ahead");
        // Another reads each statement back once it is committed, for the checks before money moves
        // (finish): no second pass over the run's statements when this execution wrote them all.
        ExecutorService checker = daemonThread("reimbursement-read-back");
        ReadBack readBack = new ReadBack();
        List<Future<?>> readingBack = new ArrayList<>();
        try {
            Future<Ahead> next = candidates.isEmpty() ? null
                    : readAhead(reader, candidates.get(0), marks.getOrDefault(candidates.get(0), Watermark.NONE));
            for (int i = 0; i < candidates.size(); i++) {
                String providerId = candidates.get(i);
                Future<Ahead> current = next;
                if (!clock.instant().isBefore(deadline)) {
                    return Progress.MORE;
                }
                next = i + 1 < candidates.size() ? readAhead(reader, candidates.get(i + 1),
                        marks.getOrDefault(candidates.get(i + 1), Watermark.NONE)) : null;
                Ahead ahead = await(current);
                if (ahead.holdReason().isPresent() && held(run, providerId, marks.getOrDefault(providerId, Watermark.NONE),
                        prices, ahead)) {
                    continue;
                }
                if (!settle(run, providerId, marks.getOrDefault(providerId, Watermark.NONE), prices, ahead.entries(),
                        committed -> readingBack.add(checker.submit(() -> readBack.add(
                                () -> store.statement(runId, committed.providerId()).orElseThrow()))))) {
                    return Progress.DONE; // another execution of this run finished it meanwhile
                }
            }
            readingBack.forEach(ReimbursementRuns::await);
        } finally {
            reader.shutdownNow();
            checker.shutdownNow();
        }
        finish(runId, readBack);
        return Progress.DONE;
    }

    /** Totals of statements read back from the store, each rebuilt from its stored lines. */
    private static final class ReadBack {
        private int statements;
        private long payableCents;
        private long lines;
        private long linesTotalCents;
        private final List<StatementSummary> payable = new ArrayList<>();
        private String problem;

        /** Reads {@code stored} back: the record checks that its stored lines add up to its stored totals. */
        synchronized void add(java.util.function.Supplier<Statement> stored) {
            try {
                StatementSummary summary = StatementSummary.of(stored.get());
                statements++;
                payableCents += summary.payableCents();
                lines += summary.lineCount();
                linesTotalCents += summary.linesTotalCents();
                if (summary.payableCents() > 0) {
                    payable.add(summary);
                }
            } catch (Statement.TotalsMismatch e) {
                problem = "Un relevé ne s'additionne pas : " + e.getMessage();
            }
        }

        void add(Statement stored) {
            add(() -> stored);
        }
    }

    private static ExecutorService daemonThread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** A provider's entries after the watermark, and why their transfer must wait, if it must. */
    private record Ahead(List<LedgerEntry> entries, Optional<String> holdReason) {
    }

    private Future<Ahead> readAhead(ExecutorService reader, String providerId, Watermark from) {
        return reader.submit(() -> new Ahead(store.entriesAfter(providerId, from.settledThrough(), Statement.MAX_ENTRIES),
                payees.holdReason(providerId)));
    }

    /**
     * Holds the provider's transfer when their statement would pay something: nothing is
     * settled (the watermark stays, the sessions wait for the next run) and the hold is recorded
     * with its reason. A statement that pays nothing needs no account and is settled as usual.
     *
     * @return true when held
     */
    private boolean held(Run run, String providerId, Watermark from, Pricing prices, Ahead ahead) {
        Optional<Statement> wouldBe = Statement.settle(run.id(), providerId, from, ahead.entries(), run.cutoff(), prices,
                clock.instant());
        if (wouldBe.isEmpty() || wouldBe.get().payableCents() <= 0) {
            return false;
        }
        store.hold(new ReimbursementStore.Hold(run.id(), providerId, ahead.holdReason().orElseThrow(),
                wouldBe.get().lines().size(), wouldBe.get().payableCents(), clock.instant()));
        return true;
    }

    /** The transfers a run held back, without those a later execution of the same run settled after all. */
    public List<ReimbursementStore.Hold> holds(String runId) {
        return store.holds(runId).stream().filter(h -> store.statement(runId, h.providerId()).isEmpty()).toList();
    }

    private static <T> T await(Future<T> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading a ledger", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Settles one provider; false when the run turned out to be finished by another execution. */
    private boolean settle(Run run, String providerId, Watermark from, Pricing prices, List<LedgerEntry> readAhead,
                           java.util.function.Consumer<Statement> committed) {
        Watermark mark = from;
        for (int attempt = 0; attempt < 5; attempt++) {
            if (run.id().equals(mark.lastRunId())) {
                return true; // an earlier or concurrent execution of this run settled this provider
            }
            // The entries read ahead are after the watermark the run listed; after a conflict, read again.
            List<LedgerEntry> entries = attempt == 0 ? readAhead
                    : store.entriesAfter(providerId, mark.settledThrough(), Statement.MAX_ENTRIES);
            Optional<Statement> statement = Statement.settle(run.id(), providerId, mark, entries, run.cutoff(), prices,
                    clock.instant());
            if (statement.isEmpty()) {
                return true;
            }
            switch (store.commit(statement.get(), mark)) {
                case COMMITTED -> {
                    committed.accept(statement.get());
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
        finish(runId, null);
    }

    /**
     * @param known what this execution read back of the statements it committed: enough when it
     *              committed every statement of the run; otherwise every statement is read back again
     */
    private void finish(String runId, ReadBack known) {
        Run run = store.run(runId).orElseThrow();
        if (run.finished()) {
            return;
        }
        ReadBack checked = known != null && known.statements == run.providersDone() ? known : readBackAll(runId);
        String problem = checked.problem;
        if (problem == null && (checked.payableCents != run.controlSumCents() || checked.statements != run.providersDone()
                || checked.lines != run.linesCount() || checked.linesTotalCents != run.linesTotalCents())) {
            problem = "Le total de contrôle (" + run.controlSumCents() + " centimes, " + run.providersDone()
                    + " relevés) ne correspond pas à la somme des relevés (" + checked.payableCents + " centimes, "
                    + checked.statements + " relevés).";
        }
        List<StatementSummary> payable = checked.payable;
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

    /** One pass over what is stored: each statement is rebuilt from its stored lines before it counts. */
    private ReadBack readBackAll(String runId) {
        ReadBack all = new ReadBack();
        try {
            store.statementsWithLines(runId, all::add);
        } catch (Statement.TotalsMismatch e) {
            all.problem = "Un relevé ne s'additionne pas : " + e.getMessage();
        }
        return all;
    }
}
