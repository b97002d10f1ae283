package eu.passerelle.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Demo activity on top of the demo directory, through the API like real users: parents of Paris
 * and elsewhere take vouchers, a few are given back, psychologists of Paris redeem some. One of
 * them (« Prestataire démo 1 ») redeems far more than the others, all on one day that they
 * declared closed, right after approval: the agents' signals flag it, and the coordination of
 * Paris (department 75) has figures to look at.
 */
public final class DemoActivity {

    /** The demo provider accounts of Paris psychologists (see DemoDirectory: index % 15 in 0..2, index % 4 == 0). */
    static final String BUSY_PROVIDER = "Prestataire démo 1";
    static final List<String> PEER_PROVIDERS = List.of("Prestataire démo 17", "Prestataire démo 33", "Prestataire démo 61");
    static final int BUSY_SESSIONS = 12;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final DemoDirectory.Tokens tokens;
    private final Consumer<String> log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public DemoActivity(URI base, DemoDirectory.Tokens tokens, Consumer<String> log) {
        this.base = base;
        this.tokens = tokens;
        this.log = log;
    }

    /** @return how many sessions were declared */
    public int seed() throws IOException, InterruptedException {
        String today = LocalDate.now(ZoneId.of("Europe/Paris")).toString();
        String[] places = {"75011", "75018", "75020", "75015", "93200", "75019", "75012"};
        List<String> codes = new ArrayList<>();
        for (int p = 0; p < places.length; p++) {
            String parent = tokens.token("parent", "Parent démo " + (p + 1), null);
            JsonNode minted = call("POST", "/api/vouchers", parent, body("psychologist", 5, places[p]), null);
            minted.path("vouchers").forEach(v -> codes.add(v.path("code").asText()));
            if (p == places.length - 1 && minted.path("vouchers").size() > 0) {
                call("POST", "/api/vouchers/" + minted.path("vouchers").get(0).path("id").asText() + "/return", parent, null, null);
                codes.remove(codes.size() - 5);
            }
        }
        String[][] elsewhere = {{"69003", "family-mediator"}, {"13006", "lawyer"}, {"33000", "social-worker"}, {"75011", "lawyer"}};
        for (int p = 0; p < elsewhere.length; p++) {
            call("POST", "/api/vouchers", tokens.token("parent", "Parent démo ailleurs " + (p + 1), null),
                    body(elsewhere[p][1], 3, elsewhere[p][0]), null);
        }
        String busy = tokens.token("provider", BUSY_PROVIDER, null);
        String weekday = LocalDate.now(ZoneId.of("Europe/Paris")).getDayOfWeek().name();
        ObjectNode closed = JSON.createObjectNode();
        closed.putArray("closedDays").add(weekday);
        call("PUT", "/api/providers/me/closed-days", busy, closed, null);
        int declared = 0;
        int next = 0;
        for (; next < BUSY_SESSIONS && next < codes.size(); next++) {
            declared += redeem(busy, codes.get(next), today);
        }
        for (int i = 0; i < PEER_PROVIDERS.size() && next < codes.size(); i++) {
            String peer = tokens.token("provider", PEER_PROVIDERS.get(i), null);
            for (int k = 0; k <= i % 2 && next < codes.size(); k++, next++) {
                declared += redeem(peer, codes.get(next), today);
            }
        }
        log.accept("demo activity: " + codes.size() + " vouchers in Paris, " + declared + " sessions declared");
        return declared;
    }

    private int redeem(String provider, String code, String day) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("code", code);
        body.put("sessionDate", day);
        call("POST", "/api/redemptions", provider, body, UUID.randomUUID().toString());
        return 1;
    }

    private static ObjectNode body(String service, int sessions, String postalCode) {
        ObjectNode b = JSON.createObjectNode();
        b.put("service", service);
        b.put("sessions", sessions);
        b.put("incomeTier", "A");
        b.put("postalCode", postalCode);
        return b;
    }

    private JsonNode call(String method, String path, String token, JsonNode body, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").header("authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (idempotencyKey != null) {
            request.header("idempotency-key", idempotencyKey);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() >= 300) {
            // Status and path only: bodies may hold codes.
            throw new IllegalStateException("Demo activity refused: " + method + " " + path.replaceAll("/[A-Z0-9]{10,}", "/…")
                    + " " + response.statusCode());
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}
