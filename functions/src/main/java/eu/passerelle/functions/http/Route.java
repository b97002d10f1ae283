package eu.passerelle.functions.http;

import eu.passerelle.identity.Access;

import java.util.Objects;

/**
 * One HTTP API route a function serves: its route key as in template.yaml
 * ({@code GET /api/providers/{id}}), who may call it, and its handler.
 */
public record Route(String routeKey, Access access, HttpHandler handler) {

    public Route {
        Objects.requireNonNull(routeKey);
        Objects.requireNonNull(access);
        Objects.requireNonNull(handler);
    }

    public static Route open(String routeKey, HttpHandler handler) {
        return new Route(routeKey, Access.anyone(), handler);
    }

    public static Route of(String routeKey, Access access, HttpHandler handler) {
        return new Route(routeKey, access, handler);
    }
}
