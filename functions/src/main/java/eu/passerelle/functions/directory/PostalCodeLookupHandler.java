package eu.passerelle.functions.directory;

import eu.passerelle.Rejection;
import eu.passerelle.directory.Country;
import eu.passerelle.directory.PostalArea;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.functions.http.HttpHandler;
import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;

import java.util.function.Supplier;

/** {@code GET /api/postal-codes/{code}?country=FR|BE}: the communes and areas of a postal code. */
public final class PostalCodeLookupHandler implements HttpHandler {

    private final Supplier<PostalCodeDirectory> directory;

    public PostalCodeLookupHandler(Supplier<PostalCodeDirectory> directory) {
        this.directory = directory;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        Country country = Country.fromParameter("country", request.queryParameter("country"));
        String code = country.requireWellFormed("code", request.pathParameter("code"), Rejection.Pointer.Location.PATH);
        PostalArea area = directory.get().require(country, code);
        return HttpResponse.ok(PostalAreaView.of(area)).cacheablePublicly(86_400);
    }
}
