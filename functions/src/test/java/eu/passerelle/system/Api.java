package eu.passerelle.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.passerelle.local.Fixtures;
import eu.passerelle.local.LocalRuntime;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A small client of the local API for system tests: sign in, call, read JSON. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger RPPS = new AtomicInteger((int) (System.nanoTime() % 1_000_000));

    private final LocalRuntime runtime;

    Api(LocalRuntime runtime) {
        this.runtime = runtime;
    }

    String token(String role, String name) {
        return runtime.token(role, name, role.equals("coordinator") ? "75" : null);
    }

    HttpResponse<String> call(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(runtime.baseUrl().resolve(path))
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("authorization", "Bearer " + token);
        }
        headers.forEach(r::header);
        return Fixtures.send(r.build());
    }

    JsonNode json(String method, String path, String token, String body, int expectedStatus) {
        HttpResponse<String> response = call(method, path, token, body, Map.of());
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        try {
            return response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** An RPPS-shaped number with its Luhn key, unique in this JVM. */
    static String rpps() {
        String payload = String.format("1%09d", RPPS.incrementAndGet());
        for (int k = 0; k < 10; k++) {
            String candidate = payload + k;
            int sum = 0;
            for (int i = 0; i < candidate.length(); i++) {
                int d = candidate.charAt(candidate.length() - 1 - i) - '0';
                if (i % 2 == 1) {
                    d = d * 2 > 9 ? d * 2 - 9 : d * 2;
                }
                sum += d;
            }
            if (sum % 10 == 0) {
                return candidate;
            }
        }
        throw new IllegalStateException();
    }

    /** Applies as a psychologist in 75018 and has an agent approve: returns the provider's id. */
    String approvedPsychologist(String providerToken, String name) {
        String body = "{\"displayName\":\"" + name + "\",\"profession\":\"psychologist\","
                + "\"credential\":{\"kind\":\"RPPS\",\"number\":\"" + rpps() + "\"},"
                + "\"address\":{\"street\":\"12 rue Ordener\",\"postalCode\":\"75018\",\"communeCode\":\"75118\",\"country\":\"FR\"},"
                + "\"area\":{\"radiusKm\":10},\"languages\":[\"fr\"],"
                + "\"bankAccount\":{\"iban\":\"FR7630006000011234567890189\",\"bic\":\"AGRIFRPP\"},"
                + "\"charter\":{\"version\":\"2026-01\",\"accepted\":true}}";
        String id = json("POST", "/api/providers/applications", providerToken, body, 201).path("id").asText();
        json("POST", "/api/back-office/providers/" + id + "/decisions", token("agent", "Agent système"),
                "{\"decision\":\"approve\"}", 200);
        return id;
    }

    JsonNode mint(String parentToken, String providerId, int sessions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", "psychologist");
        if (providerId != null) {
            body.put("providerId", providerId);
        }
        body.put("sessions", sessions);
        body.put("incomeTier", "A");
        try {
            return json("POST", "/api/vouchers", parentToken, JSON.writeValueAsString(body), 201).path("vouchers");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    HttpResponse<String> redeem(String providerToken, String code, String key) {
        return call("POST", "/api/redemptions", providerToken,
                "{\"code\":\"" + code + "\",\"sessionDate\":\"" + LocalDate.now(java.time.ZoneId.of("Europe/Paris")) + "\"}",
                Map.of("idempotency-key", key));
    }
}
