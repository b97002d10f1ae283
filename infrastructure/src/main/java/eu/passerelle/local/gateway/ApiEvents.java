package eu.passerelle.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds API Gateway HTTP API payload format 2.0 events and reads 2.0 responses, following the
 * documented format: cookies apart from headers, repeated headers and query parameters joined
 * with commas, binary bodies base64-encoded, and a bare JSON result taken as a 200 body.
 */
public final class ApiEvents {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String accountId;
    private final String apiId;

    public ApiEvents(String accountId, String apiId) {
        this.accountId = accountId;
        this.apiId = apiId;
    }

    /** A gateway response: status, headers (one value each, or several for Set-Cookie) and body. */
    public record ApiResponse(int status, Map<String, List<String>> headers, byte[] body) {
        static ApiResponse json(int status, String body) {
            return new ApiResponse(status, Map.of("content-type", List.of("application/json")),
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * @param claims JWT claims the authorizer verified, or null on a route without authorizer
     */
    public ObjectNode event(ApiRequest request, RouteTable.Match<?> match, Instant now, Map<String, Object> claims,
                            List<String> scopes) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", match.route().routeKey());
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());

        List<String> cookies = new ArrayList<>();
        ObjectNode headers = event.putObject("headers");
        request.headers().forEach((name, values) -> {
            if (name.equals("cookie")) {
                for (String v : values) {
                    for (String c : v.split(";")) {
                        if (!c.isBlank()) {
                            cookies.add(c.strip());
                        }
                    }
                }
            } else {
                headers.put(name, String.join(",", values));
            }
        });
        if (!cookies.isEmpty()) {
            ArrayNode array = event.putArray("cookies");
            cookies.forEach(array::add);
        }
        Map<String, List<String>> query = parseQuery(request.rawQuery());
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            query.forEach((k, v) -> q.put(k, String.join(",", v)));
        }

        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", accountId);
        context.put("apiId", apiId);
        String host = request.header("host") == null ? "localhost" : request.header("host");
        context.put("domainName", host);
        context.put("domainPrefix", host.split("\\.")[0]);
        if (claims != null) {
            ObjectNode jwt = context.putObject("authorizer").putObject("jwt");
            jwt.set("claims", JSON.valueToTree(claims));
            ArrayNode s = jwt.putArray("scopes");
            if (scopes != null) {
                scopes.forEach(s::add);
            }
        }
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", request.header("user-agent") == null ? "" : request.header("user-agent"));
        context.put("requestId", requestId());
        context.put("routeKey", match.route().routeKey());
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());

        if (!match.pathParameters().isEmpty()) {
            ObjectNode p = event.putObject("pathParameters");
            match.pathParameters().forEach(p::put);
        }
        boolean binary = request.body() != null && request.body().length > 0 && !isText(request.header("content-type"));
        if (request.body() != null && request.body().length > 0) {
            event.put("body", binary ? Base64.getEncoder().encodeToString(request.body())
                    : new String(request.body(), StandardCharsets.UTF_8));
        }
        event.put("isBase64Encoded", binary);
        return event;
    }

    /** Reads a function's output as API Gateway reads a payload 2.0 response. */
    public static ApiResponse response(byte[] output) {
        JsonNode node;
        try {
            node = JSON.readTree(output);
        } catch (Exception notJson) {
            return ApiResponse.json(500, "{\"message\":\"Internal Server Error\"}");
        }
        if (node == null || !node.isObject() || !node.has("statusCode")) {
            // A function may return any JSON value: the gateway answers it as a 200 JSON body.
            return new ApiResponse(200, Map.of("content-type", List.of("application/json")), output);
        }
        int status = node.path("statusCode").asInt(500);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        node.path("headers").fields().forEachRemaining(e ->
                headers.put(e.getKey().toLowerCase(Locale.ROOT), List.of(e.getValue().asText())));
        node.path("multiValueHeaders").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            headers.put(e.getKey().toLowerCase(Locale.ROOT), values);
        });
        List<String> setCookies = new ArrayList<>();
        node.path("cookies").forEach(c -> setCookies.add(c.asText()));
        if (!setCookies.isEmpty()) {
            headers.put("set-cookie", setCookies);
        }
        JsonNode body = node.get("body");
        byte[] bytes;
        if (body == null || body.isNull()) {
            bytes = new byte[0];
        } else if (node.path("isBase64Encoded").asBoolean(false)) {
            bytes = Base64.getDecoder().decode(body.asText());
        } else {
            bytes = (body.isTextual() ? body.asText() : body.toString()).getBytes(StandardCharsets.UTF_8);
        }
        return new ApiResponse(status, headers, bytes);
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
            query.computeIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), k -> new ArrayList<>())
                    .add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return query;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }

    static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("text/") || t.contains("json") || t.contains("xml") || t.contains("javascript")
                || t.startsWith("application/x-www-form-urlencoded") || t.contains("yaml") || t.contains("csv");
    }

    /** API Gateway request ids look like {@code Jh3k2gHXCGYEMbA=}. */
    private static String requestId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).replace('/', '_').replace('+', '-');
    }
}
