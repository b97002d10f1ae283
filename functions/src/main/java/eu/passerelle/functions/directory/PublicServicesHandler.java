package eu.passerelle.functions.directory;

import eu.passerelle.Rejection;
import eu.passerelle.directory.Country;
import eu.passerelle.directory.NearbyPublicService;
import eu.passerelle.directory.PostalArea;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.directory.PublicServiceDirectory;
import eu.passerelle.directory.PublicServiceType;
import eu.passerelle.functions.http.HttpHandler;
import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;
import eu.passerelle.functions.http.QueryParameters;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /api/services?postalCode=…&radiusKm=…}: public family services near a postal code,
 * nearest first, from the 2016 Service-Public.fr extract (France only).
 */
public final class PublicServicesHandler implements HttpHandler {

    static final double DEFAULT_RADIUS_KM = 15;
    static final double MAX_RADIUS_KM = 100;
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final Supplier<PostalCodeDirectory> postalCodes;
    private final Supplier<PublicServiceDirectory> services;

    public PublicServicesHandler(Supplier<PostalCodeDirectory> postalCodes, Supplier<PublicServiceDirectory> services) {
        this.postalCodes = postalCodes;
        this.services = services;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        Country country = Country.fromParameter("country", request.queryParameter("country"));
        String code = country.requireWellFormed("postalCode", QueryParameters.required(request, "postalCode"),
                Rejection.Pointer.Location.QUERY);
        double radiusKm = QueryParameters.decimal(request, "radiusKm", DEFAULT_RADIUS_KM, 0.1, MAX_RADIUS_KM);
        int limit = QueryParameters.integer(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = QueryParameters.integer(request, "offset", 0, 0, 100_000);
        Set<PublicServiceType> types = types(request.queryParameters("type"));

        PostalArea area = postalCodes.get().require(country, code);
        if (area.location() == null) {
            throw new Rejection(Rejection.Kind.UNPROCESSABLE, "postal-code-without-location",
                    "Position inconnue", "Nos données ne situent pas le code postal " + code
                    + " sur une carte : la recherche par distance n'y est pas possible.", List.of(
                    new Rejection.Pointer(Rejection.Pointer.Location.QUERY, "postalCode", "Position inconnue.")));
        }
        // The extract covers France only: a Belgian search is valid and simply finds none.
        List<NearbyPublicService> found = country == Country.FR
                ? services.get().near(area.location(), radiusKm, types)
                : List.of();
        List<NearbyPublicService> page = found.subList(Math.min(offset, found.size()),
                Math.min(found.size(), offset + limit));
        return HttpResponse.ok(PublicServicesView.of(area, radiusKm, found.size(), limit, offset, page))
                .cacheablePublicly(86_400);
    }

    private static Set<PublicServiceType> types(List<String> raw) {
        Set<PublicServiceType> types = EnumSet.noneOf(PublicServiceType.class);
        for (String value : raw) {
            for (String code : value.split(",")) {
                if (code.isBlank()) {
                    continue;
                }
                types.add(PublicServiceType.fromCode(code.strip()).orElseThrow(() -> Rejection.invalidQuery(
                        "invalid-parameter", "Paramètre invalide", "type",
                        "Type de service inconnu : « " + abbreviate(code.strip()) + " ». Types connus : "
                                + String.join(", ", EnumSet.allOf(PublicServiceType.class).stream()
                                .map(PublicServiceType::code).toList()) + ".")));
            }
        }
        return types;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
