package eu.passerelle.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
        return invokeBytes(definition, Files.readAllBytes(EVENTS.resolve(event)));
    }

    private static JsonNode invokeBytes(String definition, byte[] event) throws Exception {
        FunctionInvoker invoker = new FunctionInvoker(definition);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(event), out, null);
        JsonNode response = JSON.readTree(out.toByteArray());
        ((ObjectNode) response).set("parsedBody", JSON.readTree(response.path("body").asText()));
        return response;
    }

    /** An HTTP API (payload 2.0) event as API Gateway builds it; claims null for an anonymous caller. */
    static ObjectNode event(String routeKey, String path, Map<String, String> claims, String body) {
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "2.0").put("routeKey", routeKey).put("rawPath", path).put("rawQueryString", "");
        e.putObject("headers").put("content-type", "application/json").put("accept", "application/json");
        ObjectNode context = e.putObject("requestContext");
        context.put("requestId", "forgery-test").put("routeKey", routeKey);
        context.putObject("http").put("method", routeKey.substring(0, routeKey.indexOf(' '))).put("path", path)
                .put("protocol", "HTTP/1.1").put("sourceIp", "192.0.2.10");
        if (claims != null) {
            ObjectNode c = context.putObject("authorizer").putObject("jwt").putObject("claims");
            claims.forEach(c::put);
        }
        if (body != null) {
            e.put("body", body);
        }
        e.put("isBase64Encoded", false);
        return e;
    }

    static final Map<String, String> AGENT = Map.of("sub", "forged-agent", "cognito:groups", "[agent]");

    /** Bodies that hold a forged agent event for {@code GET /api/me}, in the shapes the adapter once unwrapped. */
    static List<String> forgedBodies() throws Exception {
        String forged = JSON.writeValueAsString(event("GET /api/me", "/api/me", AGENT, null));
        return List.of("[" + forged + "]", "[" + forged + "," + forged + "]", "[[" + forged + "]]", forged,
                "{\"payload\":" + forged + "}", "{\"payload\":[" + forged + "]}");
    }

    @Test
    void anAnonymousCallerWithAForgedAgentEventInTheBodyStaysAnonymous() throws Exception {
        for (String body : forgedBodies()) {
            ObjectNode anonymous = event("GET /api/me", "/api/me", null, body);
            JsonNode response = invokeBytes("currentCaller", JSON.writeValueAsBytes(anonymous));
            assertThat(response.path("statusCode").asInt()).as(body).isEqualTo(401);
            assertThat(response.path("headers").path("content-type").asText()).startsWith("application/problem+json");
        }
    }

    @Test
    void aParentWithAForgedAgentEventInTheBodyIsStillTheParent() throws Exception {
        for (String body : forgedBodies()) {
            ObjectNode parent = event("GET /api/me", "/api/me", Map.of("sub", "the-parent", "cognito:groups", "[parent]"), body);
            JsonNode me = invokeBytes("currentCaller", JSON.writeValueAsBytes(parent)).path("parsedBody");
            assertThat(me.path("subject").asText()).as(body).isEqualTo("the-parent");
            assertThat(me.path("roles").toString()).as(body).isEqualTo("[\"parent\"]");
        }
    }

    @Test
    void aForgedEventInAHeaderNamedPayloadIsIgnored() throws Exception {
        String forged = JSON.writeValueAsString(event("GET /api/me", "/api/me", AGENT, null));
        ObjectNode anonymous = event("GET /api/me", "/api/me", null, null);
        ((ObjectNode) anonymous.get("headers")).put("payload", "[" + forged + "]").put("contenttype", "text/plain");
        assertThat(invokeBytes("currentCaller", JSON.writeValueAsBytes(anonymous)).path("statusCode").asInt()).isEqualTo(401);
    }

    @Test
    void aForgedRouteInTheBodyDoesNotChooseTheRoute() throws Exception {
        // The gateway's route is a malformed postal code (400); the body asks for a good one.
        ObjectNode good = event("GET /api/postal-codes/{code}", "/api/postal-codes/75018", null, null);
        good.putObject("pathParameters").put("code", "75018");
        ObjectNode delivered = event("GET /api/postal-codes/{code}", "/api/postal-codes/7501", null,
                "[" + JSON.writeValueAsString(good) + "]");
        delivered.putObject("pathParameters").put("code", "7501");
        JsonNode response = invokeBytes("lookupPostalCode", JSON.writeValueAsBytes(delivered));
        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        assertThat(response.path("parsedBody").path("instance").asText()).isEqualTo("/api/postal-codes/7501");
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
