package eu.passerelle.functions.evaluation;

import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;
import eu.passerelle.functions.http.JsonBodies;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderService;
import eu.passerelle.signals.Signal;
import eu.passerelle.signals.Signals;

import java.time.DayOfWeek;
import java.util.List;
import java.util.function.Supplier;

/** Agents' fraud signals; providers' declared closed days. */
public final class SignalHandlers {

    record SignalView(String providerId, String providerName, String department, String service, String month, String kind,
                      String summary, List<String> evidence) {
    }

    record SignalList(String month, List<SignalView> signals, String note) {
    }

    record ClosedDaysForm(List<String> closedDays) {
    }

    record ClosedDays(List<String> closedDays) {
    }

    private final Supplier<Signals> signals;
    private final Supplier<ProviderService> providers;

    public SignalHandlers(Supplier<Signals> signals, Supplier<ProviderService> providers) {
        this.signals = signals;
        this.providers = providers;
    }

    /** {@code GET /api/back-office/signals?month=} */
    public HttpResponse list(HttpRequest request) {
        String month = request.queryParameter("month");
        List<Signal> found = signals.get().ofMonth(month);
        List<SignalView> views = found.stream().map(s -> new SignalView(s.providerId(), name(s.providerId()), s.department(),
                s.service(), s.month().toString(), s.kind().code(), s.summary(), s.evidence())).toList();
        return HttpResponse.ok(new SignalList(found.isEmpty() ? (month == null ? "" : month) : found.get(0).month().toString(),
                views, "Un signal invite à vérifier ; il ne bloque aucun paiement.")).withNoStore();
    }

    private String name(String providerId) {
        try {
            return providers.get().find(providerId).application().displayName();
        } catch (RuntimeException unknown) {
            return null;
        }
    }

    /** {@code GET /api/providers/me/closed-days} */
    public HttpResponse closedDays(HttpRequest request) {
        Provider own = providers.get().own(request.requireCaller());
        return HttpResponse.ok(new ClosedDays(signals.get().closedDays(own.id()).stream().sorted().map(DayOfWeek::name).toList()));
    }

    /** {@code PUT /api/providers/me/closed-days} */
    public HttpResponse declareClosedDays(HttpRequest request) {
        ClosedDaysForm form = JsonBodies.read(request, ClosedDaysForm.class);
        Provider own = providers.get().own(request.requireCaller());
        return HttpResponse.ok(new ClosedDays(signals.get().declareClosedDays(own.id(), form.closedDays()).stream().sorted()
                .map(DayOfWeek::name).toList()));
    }
}
