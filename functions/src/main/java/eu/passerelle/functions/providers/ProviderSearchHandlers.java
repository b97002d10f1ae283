package eu.passerelle.functions.providers;

import eu.passerelle.Rejection;
import eu.passerelle.directory.Country;
import eu.passerelle.directory.PostalArea;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;
import eu.passerelle.functions.http.QueryParameters;
import eu.passerelle.providers.LiveProviderDirectory;
import eu.passerelle.providers.Profession;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderDirectory;

import java.util.List;
import java.util.function.Supplier;

/** The public directory of approved providers: search near a postal code, and a provider's page. */
public final class ProviderSearchHandlers {

    private final Supplier<LiveProviderDirectory> directory;
    private final Supplier<PostalCodeDirectory> postalCodes;

    public ProviderSearchHandlers(Supplier<LiveProviderDirectory> directory, Supplier<PostalCodeDirectory> postalCodes) {
        this.directory = directory;
        this.postalCodes = postalCodes;
    }

    /** {@code GET /api/providers?postalCode=…&service=…&radiusKm=…&limit=…&offset=…} */
    public HttpResponse search(HttpRequest request) {
        Country country = Country.fromParameter("country", request.queryParameter("country"));
        String code = country.requireWellFormed("postalCode", QueryParameters.required(request, "postalCode"),
                Rejection.Pointer.Location.QUERY);
        String rawService = request.queryParameter("service");
        Profession profession = null;
        if (rawService != null && !rawService.isBlank()) {
            profession = Profession.fromCode(rawService.strip()).orElseThrow(() -> Rejection.invalidQuery(
                    "invalid-parameter", "Paramètre invalide", "service",
                    "Service inconnu. Services possibles : " + Profession.codes() + "."));
        }
        Double radiusKm = request.queryParameter("radiusKm") == null ? null
                : QueryParameters.decimal(request, "radiusKm", 0, 0.1, 200);
        int limit = QueryParameters.integer(request, "limit", 10, 1, 50);
        int offset = QueryParameters.integer(request, "offset", 0, 0, 100_000);
        PostalArea place = postalCodes.get().require(country, code);
        if (place.location() == null) {
            throw new Rejection(Rejection.Kind.UNPROCESSABLE, "postal-code-without-location", "Position inconnue",
                    "Nos données ne situent pas le code postal " + code + " sur une carte.", List.of(
                    new Rejection.Pointer(Rejection.Pointer.Location.QUERY, "postalCode", "Position inconnue.")));
        }
        List<ProviderDirectory.Match> found = directory.get().current().search(place, profession, radiusKm);
        List<ProviderViews.Listing> page = found.subList(Math.min(offset, found.size()), Math.min(found.size(), offset + limit))
                .stream().map(m -> ProviderViews.listing(m, postalCodes.get())).toList();
        return HttpResponse.ok(new ProviderViews.SearchResults(code, country.name(),
                profession == null ? null : profession.code(), radiusKm, found.size(), limit, offset, page));
    }

    /** {@code GET /api/providers/{id}}: an approved provider's public page. */
    public HttpResponse profile(HttpRequest request) {
        String id = request.pathParameter("id");
        Provider provider = directory.get().current().find(id).orElseThrow(() -> Rejection.notFound("unknown-provider",
                "Prestataire introuvable", "Ce prestataire n'existe pas ou n'est pas (plus) référencé."));
        return HttpResponse.ok(ProviderViews.listing(provider, null, postalCodes.get()));
    }
}
