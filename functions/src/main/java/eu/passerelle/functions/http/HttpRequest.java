package eu.passerelle.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import eu.passerelle.identity.Caller;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of an API Gateway HTTP API (payload 2.0) event a handler reads, decoded once.
 * Query parameters come from the raw query string so that repeated parameters stay separate
 * (API Gateway joins them with commas in {@code queryStringParameters}).
 */
public record HttpRequest(String method, String path, Map<String, String> pathParameters,
                          Map<String, List<String>> query, Map<String, String> headers, String body,
                          String requestId, Caller caller) {

    public static HttpRequest from(APIGatewayV2HTTPEvent event) {
        return from(event, null);
    }

    public static HttpRequest from(APIGatewayV2HTTPEvent event, Caller caller) {
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        String method = http == null ? "GET" : http.getMethod();
        String path = event.getRawPath() != null ? event.getRawPath() : http == null ? "/" : http.getPath();
        Map<String, String> headers = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        String body = event.getBody();
        if (body != null && event.getIsBase64Encoded()) {
            body = decodeBase64Text(body);
        }
        return new HttpRequest(method, path,
                event.getPathParameters() == null ? Map.of() : Map.copyOf(event.getPathParameters()),
                parseQuery(event.getRawQueryString()), headers, body,
                event.getRequestContext() == null ? null : event.getRequestContext().getRequestId(), caller);
    }

    /** A body the gateway base64-encoded (a non-text content type): it must decode, and to UTF-8 text. */
    private static String decodeBase64Text(String encoded) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Base64.getMimeDecoder().decode(encoded))).toString();
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            throw new eu.passerelle.Rejection(eu.passerelle.Rejection.Kind.INVALID, "unreadable-body", "Corps illisible",
                    "Le corps de la requête n'est pas du texte UTF-8.", List.of());
        }
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return query;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return s;
        }
    }

    /** The single value of a query parameter, or null; a repeated parameter is refused. */
    public String queryParameter(String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw QueryParameters.repeated(name);
        }
        return values.get(0);
    }

    public List<String> queryParameters(String name) {
        return query.getOrDefault(name, List.of());
    }

    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    /** The verified caller; routes that are not open only run with one. */
    public Caller requireCaller() {
        if (caller == null) {
            throw new IllegalStateException("No caller on a route that needs one");
        }
        return caller;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
