package eu.passerelle.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw API Gateway events (the files in events/, also used by {@code sam local invoke -e}) in
 * through Spring Cloud Function's AWS adapter, as Lambda calls it; the raw response out.
 */
class FunctionInvokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVENTS = Path.of("..", "events");

    @BeforeAll
    static void mainClass() {
        System.setProperty("MAIN_CLASS", PasserelleFunctions.class.getName());
    }

    /** The API Gateway response the adapter wrote, with its body parsed. */
    private static JsonNode invoke(String definition, String event) throws Exception {
        FunctionInvoker invoker = new FunctionInvoker(definition);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(Files.readAllBytes(EVENTS.resolve(event))), out, null);
        JsonNode response = JSON.readTree(out.toByteArray());
        ((com.fasterxml.jackson.databind.node.ObjectNode) response).set("parsedBody", JSON.readTree(response.path("body").asText()));
        return response;
    }

    @Test
    void lookupPostalCodeAnswersParis18() throws Exception {
        JsonNode response = invoke("lookupPostalCode", "http/lookup-postal-code-75018.json");
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("headers").path("content-type").asText()).startsWith("application/json");
        assertThat(response.path("headers").path("cache-control").asText()).isEqualTo("public, max-age=86400");
        JsonNode body = response.path("parsedBody");
        assertThat(body.path("department").path("code").asText()).isEqualTo("75");
        assertThat(body.path("communes").get(0).path("code").asText()).isEqualTo("75118");
        assertThat(body.path("communes").get(0).path("name").asText()).isEqualTo("Paris 18e Arrondissement");
    }

    @Test
    void lookupPostalCodeReadsBelgium() throws Exception {
        JsonNode body = invoke("lookupPostalCode", "http/lookup-postal-code-1000-belgium.json").path("parsedBody");
        assertThat(body.path("country").asText()).isEqualTo("BE");
        assertThat(body.path("communes").get(0).path("name").asText()).isEqualTo("Bruxelles");
        assertThat(body.has("department")).isFalse();
    }

    @Test
    void aMalformedCodeIsAProblemNamingTheParameter() throws Exception {
        JsonNode response = invoke("lookupPostalCode", "http/lookup-postal-code-malformed.json");
        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        assertThat(response.path("headers").path("content-type").asText()).startsWith("application/problem+json");
        JsonNode problem = response.path("parsedBody");
        assertThat(problem.path("type").asText()).isEqualTo("urn:passerelle:problem:invalid-postal-code");
        assertThat(problem.path("instance").asText()).isEqualTo("/api/postal-codes/7501");
        assertThat(problem.path("errors").get(0).path("parameter").asText()).isEqualTo("code");
    }

    @Test
    void findPublicServicesFiltersByRepeatedTypes() throws Exception {
        JsonNode body = invoke("findPublicServices", "http/find-public-services-75018.json").path("parsedBody");
        assertThat(body.path("radiusKm").asDouble()).isEqualTo(5.0);
        assertThat(body.path("dataset").path("year").asInt()).isEqualTo(2016);
        assertThat(body.path("services")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.path("type").asText()).isIn("caf", "pif"));
    }

    @Test
    void openApiDocumentIsServed() throws Exception {
        JsonNode body = invoke("openApiDocument", "http/openapi-document.json").path("parsedBody");
        assertThat(body.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(body.path("paths").has("/api/postal-codes/{code}")).isTrue();
    }
}
