package eu.passerelle.local.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP API route selection as API Gateway does it: a route key is {@code METHOD /path} with
 * {@code {name}} segments and an optional greedy {@code {name+}} last segment, or
 * {@code $default}. The most specific route wins: more literal segments first, then a concrete
 * method over {@code ANY}, then non-greedy over greedy.
 */
public final class RouteTable<T> {

    /** A route key and what serves it. */
    public record Route<T>(String method, String pathTemplate, T target) {
        public String routeKey() {
            return pathTemplate == null ? "$default" : method + " " + pathTemplate;
        }
    }

    /** A matched route with its decoded path parameters. */
    public record Match<T>(Route<T> route, Map<String, String> pathParameters) {
    }

    private final List<Route<T>> routes = new ArrayList<>();

    public void add(String method, String pathTemplate, T target) {
        String m = method.toUpperCase(Locale.ROOT);
        if (pathTemplate == null || pathTemplate.equals("$default")) {
            routes.add(new Route<>("ANY", null, target));
            return;
        }
        for (Route<T> existing : routes) {
            if (existing.method().equals(m) && pathTemplate.equals(existing.pathTemplate())) {
                throw new IllegalArgumentException("Route " + m + " " + pathTemplate + " is declared twice");
            }
        }
        routes.add(new Route<>(m.equals("X-AMAZON-APIGATEWAY-ANY-METHOD") ? "ANY" : m, pathTemplate, target));
    }

    public List<Route<T>> routes() {
        return List.copyOf(routes);
    }

    public Optional<Match<T>> match(String method, String rawPath) {
        String[] segments = split(rawPath);
        List<Match<T>> candidates = new ArrayList<>();
        for (Route<T> route : routes) {
            if (route.pathTemplate() == null) {
                continue;
            }
            if (!route.method().equals("ANY") && !route.method().equalsIgnoreCase(method)) {
                continue;
            }
            Map<String, String> params = matchPath(split(route.pathTemplate()), segments);
            if (params != null) {
                candidates.add(new Match<>(route, params));
            }
        }
        Optional<Match<T>> best = candidates.stream().max(Comparator
                .comparingInt((Match<T> c) -> literalSegments(c.route()))
                .thenComparingInt(c -> c.route().method().equals("ANY") ? 0 : 1)
                .thenComparingInt(c -> c.route().pathTemplate().contains("+}") ? 0 : 1)
                .thenComparingInt(c -> split(c.route().pathTemplate()).length));
        if (best.isPresent()) {
            return best;
        }
        return routes.stream().filter(r -> r.pathTemplate() == null).findFirst().map(r -> new Match<>(r, Map.of()));
    }

    private static int literalSegments(Route<?> route) {
        int n = 0;
        for (String s : split(route.pathTemplate())) {
            if (!s.startsWith("{")) {
                n++;
            }
        }
        return n;
    }

    private static Map<String, String> matchPath(String[] template, String[] path) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("+}")) {
                if (i != template.length - 1 || path.length <= i) {
                    return null;
                }
                List<String> rest = new ArrayList<>();
                for (int j = i; j < path.length; j++) {
                    rest.add(path[j]);
                }
                params.put(t.substring(1, t.length() - 2), decode(String.join("/", rest)));
                return params;
            }
            if (i >= path.length) {
                return null;
            }
            if (t.startsWith("{") && t.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), decode(path[i]));
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return template.length == path.length ? params : null;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }
}
