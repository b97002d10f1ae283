package eu.passerelle.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.passerelle.local.EventShapes;
import eu.passerelle.local.Fixtures;
import eu.passerelle.local.LocalRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The local HTTP API against the fixture functions: payload 2.0 events in, responses out. */
class GatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;
    static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = Fixtures.startFixture(temp.resolve("sink.txt"), null, false, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void aRequestBecomesAPayload20EventAndTheStructuredResponseIsHonoured() throws Exception {
        HttpResponse<String> response = Fixtures.send(HttpRequest.newBuilder(
                        runtime.baseUrl().resolve("/api/echo/Ana%20Maria/a/b/c?x=1&x=2&y=%C3%A9"))
                .header("Content-Type", "application/json")
                .header("Cookie", "session=abc; theme=dark")
                .header("X-Custom", "v1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":\"monde\"}")).build());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("x-echo")).contains("yes");
        assertThat(response.headers().allValues("set-cookie")).containsExactlyInAnyOrder("a=1; Path=/", "b=2");

        JsonNode event = JSON.readTree(response.body());
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("ANY /api/echo/{name}/{rest+}");
        assertThat(event.path("rawPath").asText()).isEqualTo("/api/echo/Ana%20Maria/a/b/c");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("x=1&x=2&y=%C3%A9");
        assertThat(event.path("queryStringParameters").path("x").asText()).isEqualTo("1,2");
        assertThat(event.path("queryStringParameters").path("y").asText()).isEqualTo("é");
        assertThat(event.path("pathParameters").path("name").asText()).isEqualTo("Ana Maria");
        assertThat(event.path("pathParameters").path("rest").asText()).isEqualTo("a/b/c");
        assertThat(event.path("cookies")).extracting(JsonNode::asText).containsExactly("session=abc", "theme=dark");
        assertThat(event.path("headers").has("cookie")).isFalse();
        assertThat(event.path("headers").path("x-custom").asText()).isEqualTo("v1");
        assertThat(event.path("requestContext").path("http").path("method").asText()).isEqualTo("POST");
        assertThat(event.path("requestContext").path("stage").asText()).isEqualTo("$default");
        assertThat(event.path("requestContext").path("timeEpoch").asLong()).isPositive();
        assertThat(event.path("body").asText()).isEqualTo("{\"hello\":\"monde\"}");
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void theGeneratedEventHasTheShapeOfTheRecordedFixtures() throws Exception {
        HttpResponse<String> response = Fixtures.send(HttpRequest.newBuilder(
                runtime.baseUrl().resolve("/api/echo/x/y")).GET().build());
        JsonNode generated = JSON.readTree(response.body());
        JsonNode recorded = JSON.readTree(Fixtures.repository().resolve("events/http/lookup-postal-code-75018.json").toFile());
        assertThat(EventShapes.keys(generated)).containsAll(EventShapes.keys(recorded));
    }

    @Test
    void binaryBodiesArriveBase64Encoded() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        HttpResponse<String> response = Fixtures.send(HttpRequest.newBuilder(runtime.baseUrl().resolve("/api/echo/b/c"))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
        JsonNode event = JSON.readTree(response.body());
        assertThat(event.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(event.path("body").asText())).isEqualTo(bytes);
    }

    @Test
    void aBareJsonResultIsA200JsonBody() {
        HttpResponse<String> response = Fixtures.get(runtime.baseUrl(), "/api/bare");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(response.body()).isEqualTo("{\"hello\":\"world\"}");
    }

    @Test
    void aFailingFunctionIsA500AndTheGatewayKeepsServing() {
        HttpResponse<String> broken = Fixtures.get(runtime.baseUrl(), "/api/broken");
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        assertThat(Fixtures.get(runtime.baseUrl(), "/api/bare").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownRoutesAndMethodsAreNotFound() {
        HttpResponse<String> missing = Fixtures.get(runtime.baseUrl(), "/api/nowhere");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"message\":\"Not Found\"}");
        HttpResponse<String> wrongMethod = Fixtures.send(HttpRequest.newBuilder(runtime.baseUrl().resolve("/api/bare"))
                .DELETE().build());
        assertThat(wrongMethod.statusCode()).isEqualTo(404);
    }

    @Test
    void oversizeUrisAreRefusedBeforeAnyFunctionRuns() {
        HttpResponse<String> response = Fixtures.get(runtime.baseUrl(), "/api/echo/" + "x".repeat(9000) + "/y");
        assertThat(response.statusCode()).isEqualTo(414);
    }

    @Test
    void staticFilesNeverEscapeTheSiteRoot() {
        assertThat(Fixtures.get(runtime.baseUrl(), "/%2e%2e/runtime-fixture.yaml").statusCode()).isEqualTo(404);
        assertThat(Fixtures.get(runtime.baseUrl(), "/..%2fruntime-fixture.yaml").statusCode()).isEqualTo(404);
    }
}
