package eu.passerelle.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import eu.passerelle.Rejection;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiFunctionTest {

    private static APIGatewayV2HTTPEvent event() {
        return APIGatewayV2HTTPEvent.builder().withRawPath("/api/thing")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("req-1").build()).build();
    }

    @Test
    void aRejectionBecomesItsProblem() throws Exception {
        APIGatewayV2HTTPResponse response = new ApiFunction("f", r -> {
            throw new Rejection(Rejection.Kind.CONFLICT, "already-done", "Déjà fait", "Rien à refaire.",
                    List.of(new Rejection.Pointer(Rejection.Pointer.Location.BODY, "code", "Déjà utilisé.")));
        }).apply(event());
        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/problem+json; charset=utf-8");
        JsonNode problem = Json.MAPPER.readTree(response.getBody());
        assertThat(problem.path("type").asText()).isEqualTo("urn:passerelle:problem:already-done");
        assertThat(problem.path("status").asInt()).isEqualTo(409);
        assertThat(problem.path("instance").asText()).isEqualTo("/api/thing");
        assertThat(problem.path("errors").get(0).path("pointer").asText()).isEqualTo("#/code");
    }

    @Test
    void anUnexpectedErrorIsA500ProblemThatLeaksNothing() throws Exception {
        APIGatewayV2HTTPResponse response = new ApiFunction("f", r -> {
            throw new IllegalStateException("secret detail: IBAN FR76...");
        }).apply(event());
        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).doesNotContain("secret", "IBAN").contains("req-1");
        assertThat(Json.MAPPER.readTree(response.getBody()).path("type").asText()).isEqualTo("urn:passerelle:problem:internal-error");
    }

    @Test
    void everyKindHasItsStatus() {
        for (Rejection.Kind kind : Rejection.Kind.values()) {
            assertThat(Problems.status(kind)).isBetween(400, 499);
        }
    }

    @Test
    void malformedPathIdsAreRefusedBeforeTheHandlerRuns() throws Exception {
        java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();
        ApiFunction function = new ApiFunction("f", r -> {
            handled.incrementAndGet();
            return HttpResponse.ok(java.util.Map.of("id", r.pathParameter("id")));
        });
        for (String id : List.of("x".repeat(2_100), "x".repeat(65), "../etc", "..", "a/b", "a b", "é", "\u202Eabc", "a\u0000", "",
                " ", "%2e%2e", "a.b", "ID;DROP")) {
            APIGatewayV2HTTPResponse response = function.apply(APIGatewayV2HTTPEvent.builder().withRawPath("/api/things/x")
                    .withPathParameters(java.util.Map.of("id", id)).build());
            assertThat(response.getStatusCode()).as(id).isEqualTo(400);
            JsonNode problem = Json.MAPPER.readTree(response.getBody());
            assertThat(problem.path("type").asText()).isEqualTo("urn:passerelle:problem:invalid-path-parameter");
            assertThat(problem.path("errors").get(0).path("parameter").asText()).isEqualTo("id");
        }
        assertThat(handled).hasValue(0);
        for (String id : List.of("d6f1c2a4-8b7e-4c1e-9f3a-2b5c6d7e8f90", "R7K3M9XC2P4Q8W5T", "20261123T050000Z-S", "75018",
                "x".repeat(64))) {
            assertThat(function.apply(APIGatewayV2HTTPEvent.builder().withRawPath("/api/things/x")
                    .withPathParameters(java.util.Map.of("id", id)).build()).getStatusCode()).as(id).isEqualTo(200);
        }
    }

    @Test
    void aBase64BodyThatIsNotUtf8TextIsAProblemNotACrash() throws Exception {
        ApiFunction function = new ApiFunction("f", r -> HttpResponse.ok(java.util.Map.of("body", r.body())));
        for (String encoded : List.of("!!not base64!!", java.util.Base64.getEncoder().encodeToString(new byte[]{(byte) 0xC3, 0x28}),
                java.util.Base64.getEncoder().encodeToString(new byte[]{(byte) 0xFF, (byte) 0xFE}))) {
            APIGatewayV2HTTPResponse response = function.apply(APIGatewayV2HTTPEvent.builder().withRawPath("/api/x")
                    .withBody(encoded).withIsBase64Encoded(true).build());
            assertThat(response.getStatusCode()).as(encoded).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(response.getBody()).path("type").asText()).isEqualTo("urn:passerelle:problem:unreadable-body");
        }
        APIGatewayV2HTTPResponse ok = function.apply(APIGatewayV2HTTPEvent.builder().withRawPath("/api/x")
                .withBody(java.util.Base64.getEncoder().encodeToString("{\"a\":\"é\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .withIsBase64Encoded(true).build());
        assertThat(Json.MAPPER.readTree(ok.getBody()).path("body").asText()).isEqualTo("{\"a\":\"é\"}");
    }
}
