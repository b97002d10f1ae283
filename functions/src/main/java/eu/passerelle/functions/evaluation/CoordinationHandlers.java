package eu.passerelle.functions.evaluation;

import eu.passerelle.evaluation.Coordination;
import eu.passerelle.evaluation.Dashboard;
import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;

import java.util.function.Supplier;

/** The coordination dashboard: a coordinator's department, an agent's national view, as JSON or CSV. */
public final class CoordinationHandlers {

    private final Supplier<Coordination> coordination;

    public CoordinationHandlers(Supplier<Coordination> coordination) {
        this.coordination = coordination;
    }

    /** {@code GET /api/coordination/dashboard}: the department of the coordinator's token. */
    public HttpResponse department(HttpRequest request) {
        return HttpResponse.ok(coordination.get().department(request.requireCaller(), request.queryParameter("from"),
                request.queryParameter("to"))).withNoStore();
    }

    /** {@code GET /api/coordination/dashboard/export} */
    public HttpResponse departmentCsv(HttpRequest request) {
        return csv(coordination.get().department(request.requireCaller(), request.queryParameter("from"),
                request.queryParameter("to")));
    }

    /** {@code GET /api/back-office/dashboard}: national, or {@code ?department=} */
    public HttpResponse national(HttpRequest request) {
        return HttpResponse.ok(coordination.get().national(request.queryParameter("department"), request.queryParameter("from"),
                request.queryParameter("to"))).withNoStore();
    }

    /** {@code GET /api/back-office/dashboard/export} */
    public HttpResponse nationalCsv(HttpRequest request) {
        return csv(coordination.get().national(request.queryParameter("department"), request.queryParameter("from"),
                request.queryParameter("to")));
    }

    private static HttpResponse csv(Coordination.Figures f) {
        return HttpResponse.raw(200, "text/csv; charset=utf-8", Dashboard.csv(f.area(), f.rows()))
                .withHeader("content-disposition", "attachment; filename=\"passerelle-" + f.area() + "-" + f.from() + "-"
                        + f.to() + ".csv\"").withNoStore();
    }
}
