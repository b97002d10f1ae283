package eu.passerelle.benchmarks;

import eu.passerelle.providers.Page;
import eu.passerelle.reimbursement.LedgerEntry;
import eu.passerelle.reimbursement.ReimbursementStore;
import eu.passerelle.reimbursement.Run;
import eu.passerelle.reimbursement.Statement;
import eu.passerelle.reimbursement.StatementSummary;
import eu.passerelle.reimbursement.Watermark;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The reimbursement store with the time spent in each of its calls: where a run's time goes. */
final class TimedReimbursementStore implements ReimbursementStore {

    private final ReimbursementStore delegate;
    private final Map<String, AtomicLong> nanos = new ConcurrentHashMap<>();

    TimedReimbursementStore(ReimbursementStore delegate) {
        this.delegate = delegate;
    }

    private <T> T timed(String name, Supplier<T> call) {
        long t = System.nanoTime();
        try {
            return call.get();
        } finally {
            nanos.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(System.nanoTime() - t);
        }
    }

    String breakdown(double totalSeconds) {
        double store = nanos.values().stream().mapToLong(AtomicLong::get).sum() / 1e9;
        return new TreeMap<>(nanos).entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue().get() / 1e9))
                .collect(Collectors.joining(", ")) + String.format(Locale.ROOT, "; outside the store %.1f s", totalSeconds - store);
    }

    @Override public boolean create(Run run) { return timed("create", () -> delegate.create(run)); }
    @Override public Optional<Run> run(String id) { return timed("run", () -> delegate.run(id)); }
    @Override public Page<Run> runs(String c, int l) { return timed("runs", () -> delegate.runs(c, l)); }
    @Override public void providersFound(String id, int n) { timed("providersFound", () -> { delegate.providersFound(id, n); return null; }); }
    @Override public void ledgers(Consumer<Ledger> each) { timed("ledgers", () -> { delegate.ledgers(each); return null; }); }
    @Override public Map<String, Watermark> watermarks(List<String> ids) { return timed("watermarks", () -> delegate.watermarks(ids)); }
    @Override public List<LedgerEntry> entriesAfter(String p, long a, int l) { return timed("entriesAfter", () -> delegate.entriesAfter(p, a, l)); }
    @Override public Commit commit(Statement s, Watermark f) { return timed("commit", () -> delegate.commit(s, f)); }
    @Override public void statements(String id, Consumer<StatementSummary> each) {
        // The callback reads each statement's lines: timed on its own, under "statement".
        long[] inside = {0};
        long t = System.nanoTime();
        delegate.statements(id, s -> {
            long u = System.nanoTime();
            each.accept(s);
            inside[0] += System.nanoTime() - u;
        });
        nanos.computeIfAbsent("statements", k -> new AtomicLong()).addAndGet(System.nanoTime() - t - inside[0]);
    }
    @Override public void statementsWithLines(String id, Consumer<Statement> each) {
        long[] inside = {0};
        long t = System.nanoTime();
        delegate.statementsWithLines(id, s -> {
            long u = System.nanoTime();
            each.accept(s);
            inside[0] += System.nanoTime() - u;
        });
        nanos.computeIfAbsent("statementsWithLines", k -> new AtomicLong()).addAndGet(System.nanoTime() - t - inside[0]);
    }
    @Override public Optional<Statement> statement(String id, String p) { return timed("statement", () -> delegate.statement(id, p)); }
    @Override public Page<StatementSummary> statementsOf(String p, String c, int l) { return timed("statementsOf", () -> delegate.statementsOf(p, c, l)); }
    @Override public void complete(String id, String ref, String file, Instant at) { timed("complete", () -> { delegate.complete(id, ref, file, at); return null; }); }
    @Override public void block(String id, String problem, Instant at) { timed("block", () -> { delegate.block(id, problem, at); return null; }); }
    @Override public Optional<String> paymentFile(String id) { return timed("paymentFile", () -> delegate.paymentFile(id)); }
    @Override public void hold(Hold hold) { delegate.hold(hold); }
    @Override public java.util.List<Hold> holds(String id) { return delegate.holds(id); }
    @Override public Optional<Hold> lastHold(String providerId) { return delegate.lastHold(providerId); }
}
