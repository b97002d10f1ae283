package eu.passerelle.functions.http;

import eu.passerelle.Rejection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders rejections as RFC 9457 problem details. */
public final class Problems {

    /** Problem types are URNs: stable identifiers that need not resolve (RFC 9457 §3.1.1). */
    public static final String TYPE_PREFIX = "urn:passerelle:problem:";

    private Problems() {
    }

    public static int status(Rejection.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case GONE -> 410;
            case UNPROCESSABLE -> 422;
            case TOO_MANY_REQUESTS -> 429;
        };
    }

    public static HttpResponse of(Rejection rejection, String instance) {
        HttpResponse problem = problem(status(rejection.kind()), rejection.type(), rejection.title(), rejection.detail(),
                instance, rejection.pointers());
        // Whole seconds, at least one (RFC 9110 §10.2.3).
        return rejection.retryAfter().map(d -> problem.withHeader("retry-after",
                String.valueOf(Math.max(1, (d.toMillis() + 999) / 1000)))).orElse(problem);
    }

    public static HttpResponse problem(int status, String type, String title, String detail, String instance,
                                       List<Rejection.Pointer> pointers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        if (!pointers.isEmpty()) {
            body.put("errors", pointers.stream().map(Problems::error).toList());
        }
        return new HttpResponse(status, Map.of("content-type", HttpResponse.PROBLEM_JSON, "cache-control", "no-store"),
                Json.write(body));
    }

    private static Map<String, String> error(Rejection.Pointer p) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("detail", p.detail());
        switch (p.location()) {
            case BODY -> e.put("pointer", p.name().startsWith("#") ? p.name() : "#/" + p.name());
            case QUERY, PATH -> e.put("parameter", p.name());
            case HEADER -> e.put("header", p.name());
        }
        return e;
    }
}
