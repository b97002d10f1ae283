package eu.passerelle.functions.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers; {@link ApiFunction} turns it into the API Gateway response. */
public record HttpResponse(int status, Map<String, String> headers, String body) {

    public static final String JSON = "application/json; charset=utf-8";
    public static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";

    public static HttpResponse json(int status, Object body) {
        return new HttpResponse(status, Map.of("content-type", JSON), Json.write(body)).withNoStore();
    }

    public static HttpResponse ok(Object body) {
        return json(200, body);
    }

    public static HttpResponse raw(int status, String contentType, String body) {
        return new HttpResponse(status, Map.of("content-type", contentType), body);
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpResponse(status, Map.copyOf(copy), body);
    }

    /** Reference data changes only with a deployment: let browsers and CloudFront keep it a day. */
    public HttpResponse cacheablePublicly(int seconds) {
        return withHeader("cache-control", "public, max-age=" + seconds);
    }

    public HttpResponse withNoStore() {
        return withHeader("cache-control", "no-store");
    }
}
