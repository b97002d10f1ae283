package eu.passerelle.functions.redemption;

import eu.passerelle.Rejection;
import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;
import eu.passerelle.functions.http.Json;
import eu.passerelle.functions.http.JsonBodies;
import eu.passerelle.functions.http.Problems;
import eu.passerelle.functions.http.QueryParameters;
import eu.passerelle.providers.Page;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.RecentProviders;
import eu.passerelle.redemption.Idempotency;
import eu.passerelle.redemption.Redemption;
import eu.passerelle.redemption.RedemptionForm;
import eu.passerelle.redemption.RedemptionService;
import eu.passerelle.redemption.RedemptionStatus;
import eu.passerelle.redemption.RedemptionStore;
import eu.passerelle.vouchers.VoucherService;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** Providers' redemptions: declare (one or a batch, idempotently), follow, cancel. */
public final class RedemptionHandlers {

    static final int MAX_BATCH = 100;

    /** A batch of redemptions. */
    public record Batch(List<RedemptionForm> items) {
    }

    record View(String id, String voucherId, String code, String service, LocalDate sessionDate, String status,
                String reason, Instant createdAt, Instant updatedAt, Instant cancellableUntil, String statusUrl) {
    }

    record Accepted(String redemptionId, String status, String statusUrl) {
    }

    record ItemResult(int index, String reference, int status, String redemptionId, String redemptionStatus,
                      Map<String, Object> problem) {
    }

    record BatchResult(int accepted, int refused, List<ItemResult> items) {
    }

    record History(List<View> items, String nextCursor) {
    }

    private final Supplier<RedemptionService> redemptions;
    private final Supplier<VoucherService> vouchers;
    private final Supplier<Idempotency> idempotency;
    private final RecentProviders approvedByAccount;
    private final Duration cancellationWindow;

    /**
     * @param approvedByAccount approved providers by account, read a little while ago: declaring
     *                          uses them, as the store checks the approval again as it records
     */
    public RedemptionHandlers(Supplier<RedemptionService> redemptions, Supplier<VoucherService> vouchers,
                              Supplier<Idempotency> idempotency, RecentProviders approvedByAccount, Duration cancellationWindow) {
        this.redemptions = redemptions;
        this.vouchers = vouchers;
        this.idempotency = idempotency;
        this.approvedByAccount = approvedByAccount;
        this.cancellationWindow = cancellationWindow;
    }

    private Provider provider(HttpRequest request) {
        return vouchers.get().approvedProvider(request.requireCaller());
    }

    private Provider recentlyApproved(HttpRequest request) {
        return approvedByAccount.get(request.requireCaller().subject()).orElseThrow(VoucherService::notApproved);
    }

    /** Runs a declaration; if the provider turns out suspended since its record was read, 403 as if read fresh. */
    private HttpResponse declaring(HttpRequest request, BiFunction<Provider, String, Idempotency.Answer> work) {
        String key = Idempotency.requireKey(request.header("idempotency-key"));
        Provider provider = recentlyApproved(request);
        // Before the idempotency record: a refused declaration stores nothing.
        vouchers.get().admitDeclaration(provider);
        try {
            return replay(work.apply(provider, key));
        } catch (Rejection inProgress) {
            if (!"request-in-progress".equals(inProgress.type())) {
                throw inProgress;
            }
            // The same request still running, or left mid-way by a crash (its key is free again
            // within Idempotency's 30 s lock): say when to retry with the same key.
            return Problems.of(inProgress, request.path()).withHeader("retry-after", "5");
        } catch (RedemptionStore.ProviderNotApproved e) {
            approvedByAccount.forget(request.requireCaller().subject());
            throw VoucherService.notApproved();
        }
    }

    /** {@code POST /api/redemptions}: 202 with the redemption id and where to follow it. */
    public HttpResponse redeem(HttpRequest request) {
        return declaring(request, (provider, key) -> idempotency.get().run(provider.id(), key, request.body(), ticket -> {
                    try {
                        RedemptionForm form = JsonBodies.read(request, RedemptionForm.class);
                        // The idempotency record completes in the transaction that records the redemption.
                        Redemption r = redemptions.get().accept(provider, form, "#/",
                                opened -> ticket.completion(answer(opened)));
                        return answer(r);
                    } catch (Rejection rejection) {
                        return keep(Problems.of(rejection, request.path()));
                    }
                }));
    }

    private static Idempotency.Answer answer(Redemption r) {
        return new Idempotency.Answer(202, Json.write(accepted(r)));
    }

    /** {@code POST /api/redemptions/batch}: up to 100 items, a result per item. */
    public HttpResponse redeemBatch(HttpRequest request) {
        return declaring(request, (provider, key) -> idempotency.get().run(provider.id(), key, request.body(), ticket -> {
            try {
                Batch batch = JsonBodies.read(request, Batch.class);
                if (batch.items() == null || batch.items().isEmpty() || batch.items().size() > MAX_BATCH) {
                    throw new Rejection(Rejection.Kind.INVALID, "invalid-batch", "Lot invalide",
                            "Un lot compte de 1 à " + MAX_BATCH + " déclarations.", List.of(
                            new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/items", "1 à " + MAX_BATCH + " éléments.")));
                }
                List<ItemResult> results = new ArrayList<>();
                int accepted = 0;
                for (int i = 0; i < batch.items().size(); i++) {
                    RedemptionForm item = batch.items().get(i);
                    String reference = item == null ? null : item.reference();
                    try {
                        // A batch retried after a crash midway finds its own first items recorded: not duplicates.
                        Redemption r = redemptions.get().accept(provider, item, "#/items/" + i + "/", null, ticket.resumed());
                        results.add(new ItemResult(i, reference, 202, r.id(), r.status().name().toLowerCase(Locale.ROOT), null));
                        accepted++;
                    } catch (Rejection rejection) {
                        HttpResponse problem = Problems.of(rejection, request.path());
                        @SuppressWarnings("unchecked")
                        Map<String, Object> body = Json.MAPPER.readValue(problem.body(), Map.class);
                        results.add(new ItemResult(i, reference, problem.status(), null, null, body));
                    }
                }
                return new Idempotency.Answer(200, Json.write(new BatchResult(accepted, results.size() - accepted, results)));
            } catch (Rejection rejection) {
                return keep(Problems.of(rejection, request.path()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    /** {@code GET /api/redemptions/{id}} */
    public HttpResponse one(HttpRequest request) {
        return HttpResponse.ok(view(redemptions.get().own(provider(request), request.pathParameter("id"))));
    }

    /** {@code GET /api/redemptions?status=…&cursor=…&limit=…} */
    public HttpResponse history(HttpRequest request) {
        String raw = request.queryParameter("status");
        RedemptionStatus status = null;
        if (raw != null && !raw.isBlank()) {
            try {
                status = RedemptionStatus.valueOf(raw.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Rejection.invalidQuery("invalid-parameter", "Paramètre invalide", "status",
                        "Statuts possibles : pending, applied, rejected, cancelled.");
            }
        }
        int limit = QueryParameters.integer(request, "limit", 20, 1, 100);
        Page<Redemption> page = redemptions.get().history(provider(request), status, request.queryParameter("cursor"), limit);
        return HttpResponse.ok(new History(page.items().stream().map(this::view).toList(), page.nextCursor()));
    }

    /** {@code POST /api/redemptions/{id}/cancel} */
    public HttpResponse cancel(HttpRequest request) {
        return HttpResponse.ok(view(redemptions.get().cancel(provider(request), request.pathParameter("id"))));
    }

    private static Accepted accepted(Redemption r) {
        return new Accepted(r.id(), r.status().name().toLowerCase(Locale.ROOT), "/api/redemptions/" + r.id());
    }

    private View view(Redemption r) {
        return new View(r.id(), r.voucherId(), r.code(), r.service(), r.sessionDate(), r.status().name().toLowerCase(Locale.ROOT),
                r.reason(), r.createdAt(), r.updatedAt(), r.createdAt().plus(cancellationWindow), "/api/redemptions/" + r.id());
    }

    private static Idempotency.Answer keep(HttpResponse problem) {
        return new Idempotency.Answer(problem.status(), problem.body());
    }

    /** The kept answer as an HTTP response: the same status and body on every replay. */
    private static HttpResponse replay(Idempotency.Answer answer) {
        HttpResponse response = HttpResponse.raw(answer.status(),
                answer.status() >= 400 ? HttpResponse.PROBLEM_JSON : HttpResponse.JSON, answer.body()).withNoStore();
        if (answer.status() == 202) {
            try {
                String url = Json.MAPPER.readTree(answer.body()).path("statusUrl").asText();
                response = response.withHeader("location", url);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return response;
    }
}
