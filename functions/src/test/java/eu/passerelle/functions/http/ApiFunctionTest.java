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
}
