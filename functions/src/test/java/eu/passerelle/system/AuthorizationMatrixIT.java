package eu.passerelle.system;

import eu.passerelle.functions.FunctionManifest;
import eu.passerelle.local.Fixtures;
import eu.passerelle.local.LocalRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the code's manifest, called by an anonymous visitor and by each role, through
 * the local API Gateway with its JWT authorizer: every forbidden cell is refused (401 without a
 * token, 403 with the wrong role) and writes nothing; no cell is ever a 500.
 */
class AuthorizationMatrixIT {

    static final List<String> CALLERS = List.of("anonymous", "parent", "provider", "agent", "coordinator");
    static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.start(LocalRuntime.Options.forTests(Fixtures.repositoryTemplate()));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** Every item of every table: a refused call must leave this unchanged. */
    private static Map<String, Integer> itemCounts() {
        return LastingItems.counts(runtime);
    }

    private static HttpResponse<String> call(String routeKey, String caller) {
        String method = routeKey.substring(0, routeKey.indexOf(' '));
        String path = routeKey.substring(routeKey.indexOf(' ') + 1)
                .replace("{code}", "75018").replace("{id}", "00000000-0000-0000-0000-000000000000");
        String query = switch (path) {
            case "/api/services", "/api/providers" -> "?postalCode=75018";
            default -> "";
        };
        HttpRequest.Builder request = HttpRequest.newBuilder(runtime.baseUrl().resolve(path + query))
                .header("content-type", "application/json")
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        if (!caller.equals("anonymous")) {
            request.header("authorization", "Bearer " + runtime.token(caller, "Matrice " + caller,
                    caller.equals("coordinator") ? "75" : null));
        }
        return Fixtures.send(request.build());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyForbiddenCellIsRefusedAndWritesNothing() {
        List<String> failures = new ArrayList<>();
        int forbiddenCells = 0;
        for (Map<String, Object> function : FunctionManifest.functions()) {
            for (Map<String, Object> route : (List<Map<String, Object>>) function.get("routes")) {
                String routeKey = String.valueOf(route.get("routeKey"));
                List<String> roles = (List<String>) route.get("roles");
                for (String caller : CALLERS) {
                    boolean allowed = roles.isEmpty() || roles.contains(caller);
                    Map<String, Integer> before = itemCounts();
                    HttpResponse<String> response = call(routeKey, caller);
                    int status = response.statusCode();
                    String cell = routeKey + " as " + caller + " -> " + status;
                    if (status >= 500) {
                        failures.add(cell + " (never a 500): " + response.body());
                    }
                    // An allowed role may still meet a business refusal (a provider not yet approved
                    // cannot redeem), never the role check's own "forbidden".
                    boolean roleRefusal = status == 401 || (status == 403 && !response.body().contains("provider-not-approved"));
                    if (allowed && roleRefusal) {
                        failures.add(cell + " (should be allowed): " + response.body());
                    }
                    if (!allowed) {
                        forbiddenCells++;
                        int expected = caller.equals("anonymous") ? 401 : 403;
                        if (status != expected) {
                            failures.add(cell + " (expected " + expected + ")");
                        }
                        if (!itemCounts().equals(before)) {
                            failures.add(cell + " wrote something");
                        }
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(forbiddenCells).as("the matrix has forbidden cells").isGreaterThan(10);
    }

    @Test
    void forgedExpiredOrForeignTokensAreUnauthorized() {
        String good = runtime.token("agent", "Matrice agent", null);
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        for (String token : List.of("not-a-jwt", tampered, good.substring(0, good.length() - 4) + "abcd",
                "eyJhbGciOiJub25lIn0." + parts[1] + ".")) {
            HttpResponse<String> response = Fixtures.send(HttpRequest.newBuilder(runtime.baseUrl().resolve("/api/back-office/providers"))
                    .header("authorization", "Bearer " + token).GET().build());
            assertThat(response.statusCode()).as(token).isEqualTo(401);
        }
        HttpResponse<String> ok = Fixtures.send(HttpRequest.newBuilder(runtime.baseUrl().resolve("/api/back-office/providers"))
                .header("authorization", good).GET().build());
        assertThat(ok.statusCode()).as("the Bearer prefix is optional, as with API Gateway").isEqualTo(200);
    }

    @Test
    void theLocalSignInRefusesUnknownRolesAndIsAbsentFromTheTemplate() {
        HttpResponse<String> refused = Fixtures.send(HttpRequest.newBuilder(runtime.baseUrl().resolve("/local-auth/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"admin\",\"name\":\"x\"}")).build());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(runtime.deployment().template().functions()).allSatisfy(f -> f.eventsOfType("HttpApi")
                .forEach(e -> assertThat(String.valueOf(e.properties().get("Path"))).doesNotStartWith("/local-auth")));
    }
}
