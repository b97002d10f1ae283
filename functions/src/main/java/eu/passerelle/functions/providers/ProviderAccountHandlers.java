package eu.passerelle.functions.providers;

import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;
import eu.passerelle.functions.http.JsonBodies;
import eu.passerelle.providers.ApplicationForm;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderService;

import java.util.function.Supplier;

/** A provider's own record: apply, read it, correct it. */
public final class ProviderAccountHandlers {

    private final Supplier<ProviderService> service;
    private final Supplier<PostalCodeDirectory> postalCodes;

    public ProviderAccountHandlers(Supplier<ProviderService> service, Supplier<PostalCodeDirectory> postalCodes) {
        this.service = service;
        this.postalCodes = postalCodes;
    }

    /** {@code POST /api/providers/applications} */
    public HttpResponse apply(HttpRequest request) {
        ApplicationForm form = JsonBodies.read(request, ApplicationForm.class);
        Provider provider = service.get().apply(request.requireCaller(), form);
        return HttpResponse.json(201, ProviderViews.record(provider, false, postalCodes.get()))
                .withHeader("location", "/api/providers/me");
    }

    /** {@code GET /api/providers/me} */
    public HttpResponse own(HttpRequest request) {
        return HttpResponse.ok(ProviderViews.record(service.get().own(request.requireCaller()), false, postalCodes.get()));
    }

    /** {@code PUT /api/providers/me} */
    public HttpResponse correct(HttpRequest request) {
        ApplicationForm form = JsonBodies.read(request, ApplicationForm.class);
        return HttpResponse.ok(ProviderViews.record(service.get().correct(request.requireCaller(), form), false,
                postalCodes.get()));
    }
}
