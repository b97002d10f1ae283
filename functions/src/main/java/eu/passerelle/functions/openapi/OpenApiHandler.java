package eu.passerelle.functions.openapi;

import eu.passerelle.functions.http.HttpHandler;
import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /api/openapi.json}: the OpenAPI 3.1 description of the HTTP API, as kept in the repository. */
public final class OpenApiHandler implements HttpHandler {

    static final String RESOURCE = "/openapi.json";

    private final String document;

    public OpenApiHandler() {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + RESOURCE);
            }
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        return HttpResponse.raw(200, HttpResponse.JSON, document).cacheablePublicly(3_600);
    }
}
