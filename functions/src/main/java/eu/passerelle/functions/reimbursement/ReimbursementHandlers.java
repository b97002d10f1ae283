package eu.passerelle.functions.reimbursement;

import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;
import eu.passerelle.functions.http.QueryParameters;
import eu.passerelle.providers.Page;
import eu.passerelle.reimbursement.ProviderStatements;
import eu.passerelle.reimbursement.ReimbursementRuns;
import eu.passerelle.reimbursement.Run;
import eu.passerelle.reimbursement.Statement;
import eu.passerelle.reimbursement.StatementCsv;
import eu.passerelle.reimbursement.StatementLine;
import eu.passerelle.reimbursement.StatementSummary;
import eu.passerelle.Rejection;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** Agents start and follow reimbursement runs and fetch payment files; providers read their statements. */
public final class ReimbursementHandlers {

    record RunView(String id, String status, String requestedBy, Instant cutoff, Instant startedAt, Instant finishedAt,
                   Integer providersTotal, int providersDone, long lines, long linesTotalCents, long controlSumCents,
                   int transfers, String fileReference, String problem, String paymentFileUrl) {
    }

    record Runs(List<RunView> items, String nextCursor) {
    }

    /** A provider's transfer the run held back (no reviewed account payable), and what waits. */
    record HoldView(String providerId, String reason, int sessions, long waitingCents, Instant at) {
    }

    /** One run with the transfers it held. */
    record RunDetail(String id, String status, String requestedBy, Instant cutoff, Instant startedAt, Instant finishedAt,
                     Integer providersTotal, int providersDone, long lines, long linesTotalCents, long controlSumCents,
                     int transfers, String fileReference, String problem, String paymentFileUrl, List<HoldView> held) {
    }

    /** What the provider's statements page shows of a held transfer. */
    record HeldView(String runId, String reason, int sessions, long waitingCents, Instant at) {
    }

    record SummaryView(String runId, String reference, Instant createdAt, int lines, long linesTotalCents,
                       long carriedInCents, long balanceCents, long payableCents, long carriedOutCents, String csvUrl) {
    }

    /** @param held the provider's transfer held by the last run, while no later statement paid it (else null) */
    record Statements(List<SummaryView> items, String nextCursor, HeldView held) {
    }

    record LineView(long sequence, String kind, String code, String service, LocalDate sessionDate, int ruleVersion,
                    long tariffCents, long coPaymentCents, long amountCents) {
    }

    record StatementView(String runId, String reference, Instant createdAt, List<LineView> lines, long linesTotalCents,
                         long carriedInCents, long balanceCents, long payableCents, long carriedOutCents, String csvUrl) {
    }

    private final Supplier<ReimbursementRuns> runs;
    private final Supplier<RunQueue> queue;
    private final Supplier<ProviderStatements> statements;

    public ReimbursementHandlers(Supplier<ReimbursementRuns> runs, Supplier<RunQueue> queue,
                                 Supplier<ProviderStatements> statements) {
        this.runs = runs;
        this.queue = queue;
        this.statements = statements;
    }

    /** {@code POST /api/back-office/reimbursement-runs}: 202, the run executes from its queue. */
    public HttpResponse start(HttpRequest request) {
        Run run = runs.get().startOnDemand(request.requireCaller().subject());
        queue.get().execute(run.id());
        return HttpResponse.json(202, view(run)).withHeader("location", "/api/back-office/reimbursement-runs/" + run.id());
    }

    /** {@code POST /api/back-office/reimbursement-runs/{id}/resume}: 202, a blocked run executes again from its queue. */
    public HttpResponse resume(HttpRequest request) {
        Run run = runs.get().resume(runId(request));
        queue.get().execute(run.id());
        return HttpResponse.json(202, view(run)).withHeader("location", "/api/back-office/reimbursement-runs/" + run.id());
    }

    /** {@code GET /api/back-office/reimbursement-runs}: newest first, with each one's progress. */
    public HttpResponse list(HttpRequest request) {
        int limit = QueryParameters.integer(request, "limit", 20, 1, 100);
        Page<Run> page = runs.get().runs(request.queryParameter("cursor"), limit);
        return HttpResponse.ok(new Runs(page.items().stream().map(ReimbursementHandlers::view).toList(), page.nextCursor()));
    }

    /** {@code GET /api/back-office/reimbursement-runs/{id}} */
    public HttpResponse one(HttpRequest request) {
        String id = runId(request);
        RunView r = view(runs.get().run(id));
        List<HoldView> held = runs.get().holds(id).stream()
                .map(h -> new HoldView(h.providerId(), h.reason(), h.sessions(), h.waitingCents(), h.at())).toList();
        return HttpResponse.ok(new RunDetail(r.id(), r.status(), r.requestedBy(), r.cutoff(), r.startedAt(), r.finishedAt(),
                r.providersTotal(), r.providersDone(), r.lines(), r.linesTotalCents(), r.controlSumCents(), r.transfers(),
                r.fileReference(), r.problem(), r.paymentFileUrl(), held));
    }

    /** {@code GET /api/back-office/reimbursement-runs/{id}/payment-file}: the pain.001 XML. */
    public HttpResponse paymentFile(HttpRequest request) {
        String id = runId(request);
        return HttpResponse.raw(200, "application/xml; charset=utf-8", runs.get().paymentFile(id))
                .withHeader("content-disposition", "attachment; filename=\"virements-" + id + ".xml\"").withNoStore();
    }

    /** {@code GET /api/statements}: the provider's own statements. */
    public HttpResponse mine(HttpRequest request) {
        int limit = QueryParameters.integer(request, "limit", 20, 1, 100);
        Page<StatementSummary> page = statements.get().mine(request.requireCaller(), request.queryParameter("cursor"), limit);
        HeldView held = statements.get().held(request.requireCaller())
                .map(h -> new HeldView(h.runId(), h.reason(), h.sessions(), h.waitingCents(), h.at())).orElse(null);
        return HttpResponse.ok(new Statements(page.items().stream().map(ReimbursementHandlers::view).toList(),
                page.nextCursor(), held));
    }

    /** {@code GET /api/statements/{runId}}: one statement with its lines (the printable page renders it). */
    public HttpResponse statement(HttpRequest request) {
        Statement s = statements.get().one(request.requireCaller(), runId(request));
        return HttpResponse.ok(new StatementView(s.runId(), s.reference(), s.createdAt(),
                s.lines().stream().map(ReimbursementHandlers::view).toList(), s.linesTotalCents(), s.carriedInCents(),
                s.balanceCents(), s.payableCents(), s.carriedOutCents(), csvUrl(s.runId())));
    }

    /** {@code GET /api/statements/{runId}/csv} */
    public HttpResponse csv(HttpRequest request) {
        Statement s = statements.get().one(request.requireCaller(), runId(request));
        return HttpResponse.raw(200, "text/csv; charset=utf-8", StatementCsv.render(s))
                .withHeader("content-disposition", "attachment; filename=\"releve-" + s.reference() + ".csv\"").withNoStore();
    }

    private static String runId(HttpRequest request) {
        String id = request.pathParameter("id");
        if (id == null || !id.matches("[0-9]{8}T[0-9]{6}Z-[A-Za-z0-9]{1,8}")) {
            throw Rejection.invalidPath("invalid-run-id", "Numéro de remboursement invalide", "id",
                    "Un numéro de remboursement ressemble à 20261123T050000Z-S.");
        }
        return id;
    }

    private static String csvUrl(String runId) {
        return "/api/statements/" + runId + "/csv";
    }

    static RunView view(Run r) {
        return new RunView(r.id(), r.status().name().toLowerCase(Locale.ROOT), r.requestedBy().equals("schedule") ? "schedule" : "agent",
                r.cutoff(), r.startedAt(), r.finishedAt(), r.providersTotal() < 0 ? null : r.providersTotal(),
                r.providersDone(), r.linesCount(), r.linesTotalCents(), r.controlSumCents(), r.transfers(),
                r.fileReference(), r.problem(),
                // Only a run that issued a file has one to follow (a run with nothing to pay completes without).
                r.status() == Run.Status.COMPLETED && r.fileReference() != null
                        ? "/api/back-office/reimbursement-runs/" + r.id() + "/payment-file" : null);
    }

    private static SummaryView view(StatementSummary s) {
        return new SummaryView(s.runId(), s.reference(), s.createdAt(), s.lineCount(), s.linesTotalCents(),
                s.carriedInCents(), s.balanceCents(), s.payableCents(), s.carriedOutCents(), csvUrl(s.runId()));
    }

    private static LineView view(StatementLine l) {
        return new LineView(l.sequence(), l.kind().name().toLowerCase(Locale.ROOT), l.code(), l.service(), l.sessionDate(),
                l.ruleVersion(), l.tariffCents(), l.coPaymentCents(), l.amountCents());
    }
}
