package eu.passerelle.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.functions.FunctionManifest;
import eu.passerelle.local.Fixtures;
import eu.passerelle.local.LocalRuntime;
import eu.passerelle.local.template.FunctionDef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attacker's tour of every HTTP route of template.yaml, through the local API Gateway (JWT
 * authorizer included) and the real {@code FunctionInvoker}, as each caller: anonymous, parent,
 * provider, agent, coordinator. The routes come from the template, who may call each from the
 * code's manifest: a new route is covered without touching this class.
 *
 * <p>For each route and caller: API Gateway events forged in the body in every shape the AWS
 * adapter once unwrapped (an array holding an event, an object that looks like one, nested
 * arrays, a JSON string, base64 with {@code isBase64Encoded}, a header named {@code payload}),
 * all claiming to be a victim parent with every role; bad bodies (arrays, 1,500-deep nesting,
 * over the size limit, wrong types, NUL and U+202E, invalid UTF-8, trailing junk); odd path ids
 * (2,100 characters, dot segments, unicode, NUL, blanks); unsigned and foreign tokens.
 *
 * <p>It asserts: never a 5xx; every 4xx is {@code application/problem+json} (or API Gateway's
 * own {@code {"message":…}} refusal, which the function never sees); a forbidden caller stays
 * refused with 401/403 whatever the body; a read answers exactly what the same call without the
 * forged content answers (the caller and the route are the gateway's); a body the route reads is
 * refused when bad or forged; a refused call writes nothing (the item count of every table);
 * and at the end the victim's wallet, kept answers and the provider application the forged
 * events targeted are untouched.
 *
 * <p>Shapes are sampled per cell by a fixed rotation (every shape still meets every route), so
 * the run stays within a couple of minutes and is the same on every run.
 */
class AdversarialIT {

    static final List<String> CALLERS = List.of("anonymous", "parent", "provider", "agent", "coordinator");
    static final String VICTIM_ANSWERS = "{\"answers\":{\"stage\":\"recent\",\"children\":\"young\",\"conflict\":\"tense\","
            + "\"safety\":\"worried\"},\"keep\":true}";
    static final String FORGED_ANSWERS = "{\"answers\":{\"stage\":\"settled\",\"children\":\"none\",\"conflict\":\"calm\","
            + "\"safety\":\"safe\"},\"keep\":true}";

    static LocalRuntime runtime;
    static Api api;
    static final Map<String, String> TOKENS = new LinkedHashMap<>();
    static String victimToken;
    static String victimSub;
    static String victimVoucherId;
    static String victimProviderId;
    static String victimWallet;
    static String victimKept;
    static String victimApplication;

    /** A route of the template, with the roles the code's manifest gives it (empty: open to anyone). */
    record RouteUnderTest(String function, String method, String path, List<String> roles, List<String> siblings) {
        String routeKey() {
            return method + " " + path;
        }

        boolean allows(String caller) {
            return roles.isEmpty() || roles.contains(caller);
        }

        boolean writes() {
            return !method.equals("GET");
        }

        boolean takesBody() {
            return method.equals("POST") || method.equals("PUT");
        }
    }

    /** One call: method, path (already encoded), token, body bytes, content type, extra headers. */
    record Call(String method, String path, String token, byte[] body, String contentType, Map<String, String> headers) {
        Call withBody(String text) {
            return new Call(method, path, token, text.getBytes(StandardCharsets.UTF_8), "application/json", headers);
        }

        Call withBytes(byte[] bytes, String type) {
            return new Call(method, path, token, bytes, type, headers);
        }

        Call withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Call(method, path, token, body, contentType, h);
        }

        Call withPath(String p) {
            return new Call(method, p, token, body, contentType, headers);
        }

        Call withToken(String t) {
            return new Call(method, path, t, body, contentType, headers);
        }
    }

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.start(LocalRuntime.Options.forTests(Fixtures.repositoryTemplate()));
        api = new Api(runtime);
        for (String caller : CALLERS) {
            TOKENS.put(caller, caller.equals("anonymous") ? null : api.token(caller, "Adversaire " + caller));
        }
        // The victim: a parent with a voucher and kept answers (the safety answer among them), and
        // a provider's application awaiting a decision. Every forged event claims to be them.
        victimToken = api.token("parent", "Victime parent");
        victimSub = api.json("GET", "/api/me", victimToken, null, 200).path("subject").asText();
        api.json("PUT", "/api/me/questionnaire", victimToken, VICTIM_ANSWERS, 200);
        victimVoucherId = api.mint(victimToken, null, 1).get(0).path("id").asText();
        String providerToken = api.token("provider", "Victime prestataire");
        victimProviderId = api.json("POST", "/api/providers/applications", providerToken, application(), 201).path("id").asText();
        victimWallet = victimState()[0];
        victimKept = victimState()[1];
        victimApplication = victimState()[2];
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static String application() {
        return "{\"displayName\":\"Cabinet Victime\",\"profession\":\"psychologist\","
                + "\"credential\":{\"kind\":\"RPPS\",\"number\":\"" + Api.rpps() + "\"},"
                + "\"address\":{\"street\":\"12 rue Ordener\",\"postalCode\":\"75018\",\"communeCode\":\"75118\",\"country\":\"FR\"},"
                + "\"area\":{\"radiusKm\":10},\"languages\":[\"fr\"],"
                + "\"bankAccount\":{\"iban\":\"FR7630006000011234567890189\",\"bic\":\"AGRIFRPP\"},"
                + "\"charter\":{\"version\":\"2026-01\",\"accepted\":true}}";
    }

    /** The victim's wallet, kept answers and application status, as their owners (and an agent) see them. */
    private static String[] victimState() {
        JsonNode record = api.json("GET", "/api/back-office/providers/" + victimProviderId, TOKENS.get("agent"), null, 200);
        return new String[]{
                api.json("GET", "/api/vouchers", victimToken, null, 200).toString(),
                api.json("GET", "/api/me/questionnaire", victimToken, null, 200).toString(),
                record.path("provider").path("status").asText() + ", " + record.path("audit").size() + " audit entries"};
    }

    /** Every HTTP route of template.yaml, with its roles from the manifest. */
    @SuppressWarnings("unchecked")
    static List<RouteUnderTest> routes() {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        Map<String, String> functionOf = new LinkedHashMap<>();
        Map<String, List<String>> siblings = new LinkedHashMap<>();
        for (Map<String, Object> f : FunctionManifest.functions()) {
            List<String> keys = new ArrayList<>();
            for (Map<String, Object> r : (List<Map<String, Object>>) f.get("routes")) {
                roles.put(String.valueOf(r.get("routeKey")), (List<String>) r.get("roles"));
                functionOf.put(String.valueOf(r.get("routeKey")), String.valueOf(f.get("name")));
                keys.add(String.valueOf(r.get("routeKey")));
            }
            siblings.put(String.valueOf(f.get("name")), keys);
        }
        List<RouteUnderTest> routes = new ArrayList<>();
        for (FunctionDef f : runtime.deployment().template().functions()) {
            for (FunctionDef.EventDef e : f.eventsOfType("HttpApi")) {
                String key = String.valueOf(e.properties().get("Method")).toUpperCase(Locale.ROOT) + " " + e.properties().get("Path");
                assertThat(roles).as("the manifest names who may call " + key).containsKey(key);
                routes.add(new RouteUnderTest(functionOf.get(key), key.substring(0, key.indexOf(' ')),
                        key.substring(key.indexOf(' ') + 1), roles.get(key), siblings.get(functionOf.get(key))));
            }
        }
        return routes;
    }

    // ------------------------------------------------------------------ calls and checks

    static HttpResponse<String> send(Call call) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(runtime.baseUrl() + call.path()))
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        if (call.contentType() != null) {
            r.header("content-type", call.contentType());
        }
        if (call.token() != null) {
            r.header("authorization", "Bearer " + call.token());
        }
        call.headers().forEach(r::header);
        return Fixtures.send(r.build());
    }

    static Map<String, Integer> itemCounts() {
        return LastingItems.counts(runtime);
    }

    /**
     * After a call that may have started work elsewhere (a reimbursement run on its queue): waits
     * until no queue but the dead-letter ones holds a message and the tables stop changing.
     */
    static Map<String, Integer> settled() {
        Map<String, Integer> last = itemCounts();
        for (int i = 0; i < 80; i++) {
            sleep(250);
            Map<String, Integer> now = itemCounts();
            if (now.equals(last) && queuesIdle()) {
                return now;
            }
            last = now;
        }
        return last;
    }

    static boolean queuesIdle() {
        var deployment = runtime.deployment();
        java.util.Set<String> deadLetters = new java.util.HashSet<>();
        deployment.template().queues().forEach(q -> deployment.deadLetterQueue(q).ifPresent(d -> deadLetters.add(deployment.queueUrl(d))));
        for (var queue : deployment.template().queues()) {
            String url = deployment.queueUrl(queue);
            if (deadLetters.contains(url)) {
                continue;
            }
            Map<software.amazon.awssdk.services.sqs.model.QueueAttributeName, String> attributes = runtime.clients().sqs()
                    .getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                            software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                    .attributes();
            if (attributes.values().stream().anyMatch(v -> !v.equals("0"))) {
                return false;
            }
        }
        return true;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** API Gateway's own refusals (no route, no or bad token, too large): the function never ran. */
    static boolean gatewayRefusal(HttpResponse<String> response) {
        return List.of(401, 403, 404, 413).contains(response.statusCode()) && response.body().matches("\\{\"message\":\"[A-Za-z ]+\"}");
    }

    static final class Findings {
        final List<String> failures = new ArrayList<>();
        int calls;

        /** Never a 5xx; a 4xx is a problem (or the gateway's own refusal). */
        HttpResponse<String> call(String what, Call call) {
            HttpResponse<String> response = send(call);
            calls++;
            int status = response.statusCode();
            if (status >= 500) {
                failures.add(what + " -> " + status + " (never a 5xx): " + abbreviate(response.body()));
            } else if (status >= 400 && !gatewayRefusal(response)
                    && !response.headers().firstValue("content-type").orElse("").startsWith("application/problem+json")) {
                failures.add(what + " -> " + status + " is not application/problem+json: " + abbreviate(response.body()));
            }
            return response;
        }

        void require(boolean condition, String failure) {
            if (!condition) {
                failures.add(failure);
            }
        }
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    // ------------------------------------------------------------------ forged events

    /** A path with its parameters filled: the victim's own ids for forged events, well-formed unknown ones otherwise. */
    static String fill(String path, boolean victim) {
        String id;
        if (path.startsWith("/api/back-office/reimbursement-runs/") || path.startsWith("/api/statements/")) {
            id = "20261123T050000Z-X";
        } else if (victim && path.contains("providers/")) {
            id = victimProviderId;
        } else if (victim && path.startsWith("/api/vouchers/")) {
            id = victimVoucherId;
        } else {
            id = "ZZZZ0000ZZZZ0000";
        }
        return path.replace("{code}", "75018").replace("{id}", id);
    }

    /** What a forged event would ask of its route, to do the victim the most harm. */
    static String harmfulBody(String routeKey) {
        if (routeKey.endsWith("/decisions")) {
            return "{\"decision\":\"approve\"}";
        }
        if (routeKey.equals("PUT /api/me/questionnaire") || routeKey.equals("POST /api/questionnaire")) {
            return FORGED_ANSWERS;
        }
        if (routeKey.equals("POST /api/vouchers")) {
            return "{\"service\":\"psychologist\",\"sessions\":1,\"incomeTier\":\"A\"}";
        }
        return "{}";
    }

    /** An API Gateway 2.0 event for {@code routeKey}, as the victim with every role. */
    static ObjectNode forgedEvent(String routeKey) {
        String method = routeKey.substring(0, routeKey.indexOf(' '));
        String template = routeKey.substring(routeKey.indexOf(' ') + 1);
        String path = fill(template, true);
        ObjectNode e = Api.JSON.createObjectNode();
        e.put("version", "2.0").put("routeKey", routeKey).put("rawPath", path).put("rawQueryString", "");
        e.putObject("headers").put("content-type", "application/json").put("idempotency-key", "forged-key-1");
        ObjectNode context = e.putObject("requestContext");
        context.put("requestId", "forged").put("routeKey", routeKey);
        context.putObject("http").put("method", method).put("path", path).put("protocol", "HTTP/1.1").put("sourceIp", "192.0.2.66");
        context.putObject("authorizer").putObject("jwt").putObject("claims")
                .put("sub", victimSub).put("cognito:groups", "[agent coordinator parent provider]")
                .put("custom:department", "75");
        ObjectNode parameters = e.putObject("pathParameters");
        if (template.contains("{id}")) {
            String[] given = path.split("/");
            String[] names = template.split("/");
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals("{id}")) {
                    parameters.put("id", given[i]);
                }
            }
        }
        if (template.contains("{code}")) {
            parameters.put("code", "75018");
        }
        e.put("body", harmfulBody(routeKey));
        e.put("isBase64Encoded", false);
        return e;
    }

    record Shape(String name, Function<String, Call> apply) {
    }

    /** The shapes a forged event takes in a request, for a call to adapt. */
    static List<Shape> shapes(Call base) {
        Function<String, String> b64 = s -> Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
        return List.of(
                new Shape("array holding the event", e -> base.withBody("[" + e + "]")),
                new Shape("array of two events", e -> base.withBody("[" + e + "," + e + "]")),
                new Shape("nested arrays", e -> base.withBody("[[[" + e + "]]]")),
                new Shape("object that is an event", e -> base.withBody(e)),
                new Shape("object with a payload array", e -> base.withBody("{\"payload\":[" + e + "]}")),
                new Shape("JSON string holding the array", e -> base.withBody(Api.JSON.valueToTree("[" + e + "]").toString())),
                new Shape("base64 bytes of the array", e -> base.withBytes(("[" + e + "]").getBytes(StandardCharsets.UTF_8),
                        "application/octet-stream")),
                new Shape("base64 text of the array as JSON", e -> base.withBody(b64.apply("[" + e + "]"))),
                new Shape("event with isBase64Encoded hiding another", e -> {
                    ObjectNode outer;
                    try {
                        outer = (ObjectNode) Api.JSON.readTree(e);
                    } catch (Exception x) {
                        throw new AssertionError(x);
                    }
                    outer.put("body", b64.apply("[" + e + "]")).put("isBase64Encoded", true);
                    return base.withBody("[" + outer + "]");
                }),
                new Shape("header named payload", e -> base.withHeader("payload", "[" + e + "]")));
    }

    /** The sibling routes of the same function a forged event names, in turn: each is tried somewhere. */
    static String forgedRoute(RouteUnderTest route, int turn) {
        return route.siblings().get(Math.floorMod(turn, route.siblings().size()));
    }

    // ------------------------------------------------------------------ the tour

    static Call baseCall(RouteUnderTest route, String caller) {
        Call call = new Call(route.method(), fill(route.path(), false), TOKENS.get(caller), null, null,
                Map.of("idempotency-key", "adversary-" + caller));
        return route.takesBody() ? call.withBody("{}") : call;
    }

    /**
     * A POST/PUT route reads its body when an allowed caller sending none is told the body is
     * missing; null for other routes. A route that does not read its body may do its work (a run started).
     */
    static HttpResponse<String> probeWithoutBody(RouteUnderTest route, Findings findings) {
        if (!route.takesBody()) {
            return null;
        }
        String caller = CALLERS.stream().filter(route::allows).findFirst().orElseThrow();
        Call empty = new Call(route.method(), fill(route.path(), false), TOKENS.get(caller), null, "application/json",
                Map.of("idempotency-key", "probe-" + caller));
        return findings.call(route.routeKey() + " as " + caller + " without a body", empty);
    }

    static List<String> badBodies() {
        List<String> bodies = new ArrayList<>(List.of("[]", "[1]", "[[[[]]]]", "null", "1", "\"text\"", "{} trailing", "{}{}",
                "{\"code\":12345}", "{\"code\":true}", "{\"sessions\":1.5}", "{\"sessions\":\"2\"}", "{\"decision\":[\"approve\"]}",
                "{\"reason\":\"\\u0000\"}", "{\"reason\":\"a\\u202Eb\"}", "{\"displayName\":\"\\u2066x\\u2069\"}",
                "{\"reason\":\"\\ud800\"}", "{\"decision\":\"approve\",\"decision\":\"approve\"}"));
        bodies.add("{\"a\":".repeat(1_500) + "1" + "}".repeat(1_500));
        bodies.add("[".repeat(1_500) + "]".repeat(1_500));
        bodies.add("{\"reason\":\"" + "x".repeat(70 * 1024) + "\"}");
        return bodies;
    }

    static List<String> oddIds() {
        return List.of("A".repeat(2_100), "..%2F..%2Fetc%2Fpasswd", "%2E%2E", "..", "%C3%A9t%C3%A9", "%E2%80%AEabc",
                "%00", "%20", "%09", "x%20y", "'%3B--", "%F0%9F%98%80");
    }

    @Test
    void noBodyOrIdOrTokenChangesWhoCallsOrWhichRouteRunsAndRefusalsWriteNothing() {
        Findings findings = new Findings();
        List<RouteUnderTest> routes = routes();
        assertThat(routes).as("routes of the template").hasSizeGreaterThan(30);
        long started = System.nanoTime();
        int cellIndex = 0;
        // The item counts after the last call: each cell starts from them (one scan per cell, not two).
        Map<String, Integer> counts = itemCounts();
        for (int ri = 0; ri < routes.size(); ri++) {
            RouteUnderTest route = routes.get(ri);
            HttpResponse<String> probe = probeWithoutBody(route, findings);
            boolean readsBody = probe != null && probe.statusCode() == 400 && probe.body().contains("missing-body");
            if (probe != null && probe.statusCode() < 400) {
                counts = settled();
            }
            String forbiddenCaller = CALLERS.stream().filter(c -> !route.allows(c)).findFirst().orElse(null);
            // Bad bodies and odd ids: as two allowed callers (at most) and one forbidden one.
            List<String> probing = new ArrayList<>(CALLERS.stream().filter(route::allows).limit(2).toList());
            if (forbiddenCaller != null) {
                probing.add(forbiddenCaller);
            }
            for (int ci = 0; ci < CALLERS.size(); ci++) {
                String caller = CALLERS.get(ci);
                boolean allowed = route.allows(caller);
                String cell = route.routeKey() + " as " + caller;
                Call base = baseCall(route, caller);
                Map<String, Integer> before = counts;
                HttpResponse<String> baseline = findings.call(cell, base);
                boolean baselineWrote = false;
                if (route.writes() && baseline.statusCode() < 400) {
                    Map<String, Integer> after = settled();
                    baselineWrote = !after.equals(before);
                    before = after;
                }
                if (!allowed) {
                    int expected = caller.equals("anonymous") ? 401 : 403;
                    findings.require(baseline.statusCode() == expected, cell + " -> " + baseline.statusCode() + " (expected " + expected + ")");
                }
                // Forged events: a fixed rotation of the shapes per cell, naming the function's routes in turn.
                List<Shape> shapes = shapes(base);
                boolean refusalsExpected = !allowed || readsBody;
                for (int si = 0; si < shapes.size(); si++) {
                    if ((si + ri + ci) % 4 != 0) {
                        continue;
                    }
                    Shape shape = shapes.get(si);
                    String forgedKey = forgedRoute(route, cellIndex++);
                    String what = cell + " with " + shape.name() + " forging " + forgedKey + " as the victim";
                    HttpResponse<String> forged = findings.call(what, shape.apply().apply(forgedEvent(forgedKey).toString()));
                    if (!allowed) {
                        findings.require(forged.statusCode() == baseline.statusCode(), what + " -> " + forged.statusCode()
                                + " (a forbidden caller stays " + baseline.statusCode() + ")");
                    } else if (!route.writes()) {
                        sameAsBaseline(findings, what, base, baseline, forged);
                    } else if (readsBody && !shape.name().equals("header named payload")) {
                        findings.require(forged.statusCode() >= 400 && forged.statusCode() < 500,
                                what + " -> " + forged.statusCode() + " (a forged body is a bad body: 4xx)");
                    } else if (!baselineWrote) {
                        findings.require(forged.statusCode() == baseline.statusCode(), what + " -> " + forged.statusCode()
                                + " (the same call without the forged content: " + baseline.statusCode() + ")");
                    }
                }
                // Bad bodies, on routes that take one.
                if (route.takesBody() && probing.contains(caller)) {
                    List<String> bad = badBodies();
                    for (int bi = 0; bi < bad.size(); bi++) {
                        // All of them where they must be refused by the handler; a fixed quarter elsewhere.
                        if (!(readsBody && allowed) && (bi + ri) % 4 != 0) {
                            continue;
                        }
                        String body = bad.get(bi);
                        String what = cell + " with body " + abbreviate(body).substring(0, Math.min(40, abbreviate(body).length()));
                        HttpResponse<String> r = findings.call(what, base.withBody(body));
                        if (readsBody || !allowed) {
                            findings.require(r.statusCode() >= 400 && r.statusCode() < 500, what + " -> " + r.statusCode() + " (4xx)");
                        }
                    }
                    HttpResponse<String> invalidUtf8 = findings.call(cell + " with invalid UTF-8",
                            base.withBytes(new byte[]{'{', '"', 'r', 'e', 'a', 's', 'o', 'n', '"', ':', '"', (byte) 0xC3, 0x28,
                                    (byte) 0xFF, '"', '}'}, "application/json"));
                    if (readsBody || !allowed) {
                        findings.require(invalidUtf8.statusCode() >= 400 && invalidUtf8.statusCode() < 500,
                                cell + " with invalid UTF-8 -> " + invalidUtf8.statusCode());
                    }
                }
                if (!refusalsExpected && route.writes()) {
                    // The honest result of an allowed write may have written (a run started): odd ids count from here.
                    before = settled();
                }
                // Odd ids, on routes with one.
                if (route.path().contains("{") && probing.contains(caller)) {
                    for (String id : oddIds()) {
                        String path = route.path().replaceAll("\\{[a-z]+}", id);
                        HttpResponse<String> r = findings.call(cell + " with id " + abbreviate(id), base.withPath(path));
                        findings.require(r.statusCode() >= 400 && r.statusCode() < 500,
                                cell + " with id " + abbreviate(id) + " -> " + r.statusCode() + " (4xx)");
                    }
                }
                Map<String, Integer> after = itemCounts();
                findings.require(after.equals(before), cell + ": refused calls wrote something: " + before + " -> " + after);
                counts = after;
            }
            // Forged tokens: unsigned, claiming every role; and one signed by a key of nobody's.
            String unsigned = "eyJhbGciOiJub25lIn0." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("{\"sub\":\"" + victimSub + "\",\"cognito:groups\":[\"agent\",\"coordinator\",\"parent\",\"provider\"],"
                            + "\"exp\":4102444800}").getBytes(StandardCharsets.UTF_8)) + ".";
            String good = TOKENS.get("agent");
            String foreign = good.substring(0, good.lastIndexOf('.') + 1) + "c2lnbmVkLWJ5LW5vYm9keQ";
            for (String token : List.of(unsigned, foreign)) {
                Call call = baseCall(route, "anonymous").withToken(token);
                HttpResponse<String> r = findings.call(route.routeKey() + " with a forged token", call);
                if (!route.roles().isEmpty()) {
                    findings.require(r.statusCode() == 401, route.routeKey() + " with a forged token -> " + r.statusCode() + " (401)");
                }
            }
            Map<String, Integer> afterTokens = route.roles().isEmpty() && route.writes() ? settled() : itemCounts();
            findings.require(route.roles().isEmpty() || afterTokens.equals(counts),
                    route.routeKey() + ": calls with forged tokens wrote something: " + counts + " -> " + afterTokens);
            counts = afterTokens;
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        String[] victimNow = victimState();
        findings.require(victimNow[0].equals(victimWallet), "the victim's wallet changed: " + victimWallet + " -> " + victimNow[0]);
        findings.require(victimNow[1].equals(victimKept), "the victim's kept answers changed: " + victimKept + " -> " + victimNow[1]);
        findings.require(victimNow[2].equals(victimApplication),
                "the victim's application changed: " + victimApplication + " -> " + victimNow[2]);
        System.out.printf(Locale.ROOT, "AdversarialIT: %d routes, %d calls in %d s%n", routes.size(), findings.calls, seconds);
        assertThat(findings.failures).isEmpty();
        assertThat(findings.calls).as("the tour made its calls").isGreaterThan(900);
    }

    static final java.util.regex.Pattern INSTANT = java.util.regex.Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

    /** A body with the instants of the last two minutes (an export's "exportedAt") masked: they differ between any two calls. */
    static String timeless(String body) {
        java.time.Instant now = java.time.Instant.now();
        return INSTANT.matcher(body).replaceAll(m -> {
            java.time.Instant t = java.time.Instant.parse(m.group());
            return Math.abs(java.time.Duration.between(t, now).toSeconds()) < 120 ? "<now>" : m.group();
        });
    }

    /** A read answers what it answers without the forged content (asked again once, in case the data moved). */
    static void sameAsBaseline(Findings findings, String what, Call base, HttpResponse<String> baseline, HttpResponse<String> forged) {
        if (forged.statusCode() == baseline.statusCode() && timeless(forged.body()).equals(timeless(baseline.body()))) {
            return;
        }
        HttpResponse<String> again = send(base);
        findings.require(forged.statusCode() == again.statusCode() && timeless(forged.body()).equals(timeless(again.body())),
                what + " -> " + forged.statusCode() + " " + abbreviate(forged.body()) + " differs from the same call without it: "
                        + again.statusCode() + " " + abbreviate(again.body()));
    }

    @Test
    void aProviderCannotApproveTheirOwnApplicationWithAForgedArrayBody() {
        String providerToken = api.token("provider", "Prestataire pressé");
        String own = api.json("POST", "/api/providers/applications", providerToken, application(), 201).path("id").asText();
        ObjectNode approve = forgedEvent("POST /api/back-office/providers/{id}/decisions");
        approve.put("rawPath", "/api/back-office/providers/" + own + "/decisions");
        ((ObjectNode) approve.get("pathParameters")).put("id", own);
        HttpResponse<String> selfApproval = api.call("POST", "/api/back-office/providers/" + own + "/decisions", providerToken,
                "[" + approve + "]", Map.of());
        assertThat(selfApproval.statusCode()).isEqualTo(403);
        assertThat(api.json("GET", "/api/providers/me", providerToken, null, 200).path("status").asText())
                .isEqualToIgnoringCase("submitted");
    }

    @Test
    void anAnonymousQuestionnaireWithAForgedKeepEventCannotTouchAnotherParentsAnswers() {
        HttpResponse<String> questionnaire = api.call("POST", "/api/questionnaire", null,
                "[" + forgedEvent("PUT /api/me/questionnaire") + "]", Map.of());
        assertThat(questionnaire.statusCode()).isEqualTo(400);
        HttpResponse<String> erase = api.call("POST", "/api/questionnaire", null,
                "[" + forgedEvent("DELETE /api/me/questionnaire") + "]", Map.of());
        assertThat(erase.statusCode()).isEqualTo(400);
        assertThat(api.json("GET", "/api/me/questionnaire", victimToken, null, 200).toString()).isEqualTo(victimKept);
    }

    @Test
    void aParentCannotReadAnotherParentsWalletWithAForgedBody() throws Exception {
        String parent = api.token("parent", "Parent curieux");
        String ownWallet = api.json("GET", "/api/vouchers", parent, null, 200).toString();
        HttpResponse<String> wallet = api.call("GET", "/api/vouchers", parent, "[" + forgedEvent("GET /api/vouchers") + "]", Map.of());
        assertThat(wallet.statusCode()).isEqualTo(200);
        assertThat(wallet.body()).doesNotContain(victimVoucherId);
        assertThat(Api.JSON.readTree(wallet.body()).toString()).isEqualTo(ownWallet);
        HttpResponse<String> voucher = api.call("GET", "/api/vouchers/" + victimVoucherId, parent,
                "[" + forgedEvent("GET /api/vouchers/{id}") + "]", Map.of());
        assertThat(voucher.statusCode()).isEqualTo(404);
    }

    @Test
    void anAnonymousRulesRequestWithAForgedAgentBodyGetsThePublicView() throws Exception {
        String publicView = Fixtures.get(runtime.baseUrl(), "/api/programme/rules").body();
        HttpResponse<String> rules = api.call("GET", "/api/programme/rules", null,
                "[" + forgedEvent("GET /api/back-office/rules") + "]", Map.of());
        assertThat(rules.statusCode()).isEqualTo(200);
        assertThat(rules.body()).isEqualTo(publicView);
        JsonNode view = Api.JSON.readTree(rules.body());
        assertThat(view.has("versions")).as("the agents' view").isFalse();
    }

    @Test
    void beyondThirtyAMinuteVerificationsAndDeclarationsAre429WithRetryAfterAndTheDeclarationStoresNothing() {
        String providerToken = api.token("provider", "Prestataire insistant");
        api.approvedPsychologist(providerToken, "Cabinet Insistant");
        // All 31 calls of a kind within one minute of the clock (the counters are per minute).
        while (java.time.LocalTime.now(java.time.ZoneOffset.UTC).getSecond() > 45) {
            sleep(500);
        }
        for (int i = 0; i < 30; i++) {
            assertThat(api.call("POST", "/api/vouchers/verify", providerToken, "{\"code\":\"PSY-0000-0000-00\"}", Map.of())
                    .statusCode()).isBetween(200, 499).isNotEqualTo(429);
            assertThat(api.call("POST", "/api/redemptions", providerToken, "{\"code\":\"PSY-0000-0000-00\",\"sessionDate\":\""
                    + java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")) + "\"}", Map.of("idempotency-key", "insistant-" + i))
                    .statusCode()).isBetween(200, 499).isNotEqualTo(429);
        }
        HttpResponse<String> verification = api.call("POST", "/api/vouchers/verify", providerToken,
                "{\"code\":\"PSY-0000-0000-00\"}", Map.of());
        assertThat(verification.statusCode()).isEqualTo(429);
        assertThat(verification.headers().firstValue("retry-after").map(Integer::parseInt).orElseThrow()).isBetween(1, 60);
        Map<String, Integer> before = itemCounts();
        HttpResponse<String> declaration = api.call("POST", "/api/redemptions", providerToken,
                "{\"code\":\"PSY-0000-0000-00\",\"sessionDate\":\"" + java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")) + "\"}",
                Map.of("idempotency-key", "insistant-31"));
        assertThat(declaration.statusCode()).isEqualTo(429);
        assertThat(declaration.headers().firstValue("content-type").orElseThrow()).startsWith("application/problem+json");
        assertThat(declaration.body()).contains("too-many-declarations");
        assertThat(declaration.headers().firstValue("retry-after").map(Integer::parseInt).orElseThrow()).isBetween(1, 60);
        HttpResponse<String> batch = api.call("POST", "/api/redemptions/batch", providerToken,
                "{\"items\":[{\"code\":\"PSY-0000-0000-00\",\"sessionDate\":\"2026-01-01\"}]}", Map.of("idempotency-key", "insistant-32"));
        assertThat(batch.statusCode()).isEqualTo(429);
        assertThat(itemCounts()).as("a refused declaration stores nothing, not even its idempotency record").isEqualTo(before);
    }
}
