package eu.passerelle.local.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import eu.passerelle.local.lambda.InvocationResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One local origin for what CloudFront serves in AWS: {@code /api/*} goes to the HTTP API (route
 * selection, payload 2.0 event, function invocation, response mapping), everything else to the
 * static site.
 */
public final class HttpApiGateway implements AutoCloseable {

    /** API Gateway's payload limit. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    static final int MAX_URI_LENGTH = 8192;

    private final HttpServer server;
    private final ExecutorService executor;
    private final RouteTable<ApiRoute> routes;
    private final Map<String, LocalEndpoint> localEndpoints;
    private final ApiEvents events;
    private final StaticSite site;
    private final Authorizer authorizer;
    private final Clock clock;
    private final Consumer<String> log;

    /** Checks a request's credentials for a route before its function runs (JWT authorizers). */
    public interface Authorizer {
        /** @return the claims to put in the event, or the status to refuse with */
        Decision authorize(ApiRoute route, ApiRequest request);

        record Decision(int rejectStatus, Map<String, Object> claims, List<String> scopes) {
            public static Decision open() {
                return new Decision(0, null, null);
            }

            public static Decision allow(Map<String, Object> claims, List<String> scopes) {
                return new Decision(0, claims, scopes);
            }

            public static Decision reject(int status) {
                return new Decision(status, null, null);
            }
        }
    }

    /**
     * @param localEndpoints paths (prefixes, outside /api) the runtime answers itself
     */
    public HttpApiGateway(int port, RouteTable<ApiRoute> routes, ApiEvents events, StaticSite site,
                          Authorizer authorizer, Map<String, LocalEndpoint> localEndpoints, Clock clock,
                          Consumer<String> log) throws IOException {
        this.routes = routes;
        this.localEndpoints = Map.copyOf(localEndpoints);
        this.events = events;
        this.site = site;
        this.authorizer = authorizer;
        this.clock = clock;
        this.log = log;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        this.executor = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "gateway");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ApiEvents.ApiResponse response;
            try {
                response = respond(exchange);
            } catch (RuntimeException e) {
                log.accept("gateway error on " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                        + ": " + e);
                response = ApiEvents.ApiResponse.json(500, "{\"message\":\"Internal Server Error\"}");
            }
            send(exchange, response);
        }
    }

    private ApiEvents.ApiResponse respond(HttpExchange exchange) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (exchange.getRequestURI().toString().length() > MAX_URI_LENGTH) {
            return ApiEvents.ApiResponse.json(414, "{\"message\":\"Request-URI Too Long\"}");
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        for (Map.Entry<String, LocalEndpoint> local : localEndpoints.entrySet()) {
            if (rawPath.equals(local.getKey()) || rawPath.startsWith(local.getKey() + "/")) {
                byte[] body = readBody(exchange.getRequestBody());
                return local.getValue().handle(new ApiRequest(method, rawPath, rawQuery, headers(exchange),
                        body == null ? new byte[0] : body, exchange.getRemoteAddress().getAddress().getHostAddress(),
                        exchange.getProtocol()));
            }
        }
        if (!rawPath.equals("/api") && !rawPath.startsWith("/api/")) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return ApiEvents.ApiResponse.json(405, "{\"message\":\"Method Not Allowed\"}");
            }
            Optional<ApiEvents.ApiResponse> file = site.get(rawPath);
            return file.orElseGet(() -> new ApiEvents.ApiResponse(404,
                    Map.of("content-type", List.of("text/html; charset=utf-8")),
                    "<!doctype html><html lang=\"fr\"><title>Page introuvable</title><h1>Page introuvable</h1><p><a href=\"/\">Accueil</a></p></html>"
                            .getBytes(StandardCharsets.UTF_8)));
        }
        Optional<RouteTable.Match<ApiRoute>> match = routes.match(method, rawPath);
        if (match.isEmpty()) {
            return ApiEvents.ApiResponse.json(404, "{\"message\":\"Not Found\"}");
        }
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            return ApiEvents.ApiResponse.json(413, "{\"message\":\"Request Entity Too Large\"}");
        }
        ApiRequest request = new ApiRequest(method, rawPath, rawQuery, headers(exchange), body,
                exchange.getRemoteAddress().getAddress().getHostAddress(), exchange.getProtocol());
        Authorizer.Decision decision = authorizer.authorize(match.get().route().target(), request);
        if (decision.rejectStatus() != 0) {
            return ApiEvents.ApiResponse.json(decision.rejectStatus(), decision.rejectStatus() == 401
                    ? "{\"message\":\"Unauthorized\"}" : "{\"message\":\"Forbidden\"}");
        }
        byte[] event = ApiEvents.JSON.writeValueAsBytes(
                events.event(request, match.get(), clock.instant(), decision.claims(), decision.scopes()));
        InvocationResult result = match.get().route().target().function().invoke(event);
        if (result.failed()) {
            boolean timeout = "Sandbox.Timedout".equals(result.errorType());
            log.accept(match.get().route().routeKey() + " failed: " + result.errorType());
            return timeout ? ApiEvents.ApiResponse.json(503, "{\"message\":\"Service Unavailable\"}")
                    : ApiEvents.ApiResponse.json(500, "{\"message\":\"Internal Server Error\"}");
        }
        return ApiEvents.response(result.payload());
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        return headers;
    }

    /** @return the body, or null when it exceeds API Gateway's limit */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static void send(HttpExchange exchange, ApiEvents.ApiResponse response) throws IOException {
        response.headers().forEach((name, values) -> {
            if (!name.equals("content-length") && !name.equals("transfer-encoding")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        byte[] body = response.body();
        if (head || body.length == 0 || response.status() == 204 || response.status() == 304) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
