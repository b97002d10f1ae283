package eu.passerelle.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.passerelle.local.Fixtures;
import eu.passerelle.local.LocalRuntime;
import eu.passerelle.local.template.FunctionDef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real template.yaml run locally: every route through API Gateway's event format, Spring
 * Cloud Function's FunctionInvoker and the functions jar, as a parent's browser reaches them.
 */
class LocalRuntimeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.start(LocalRuntime.Options.forTests(Fixtures.repositoryTemplate()));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @ParameterizedTest(name = "{0} -> {2} {3}")
    @CsvSource({
            "/api/postal-codes/75018, FR, 75118, Paris 18e Arrondissement, 75",
            "/api/postal-codes/20000, FR, 2A004, Ajaccio, 2A",
            "/api/postal-codes/97400, FR, 97411, Saint-Denis, 974",
            "/api/postal-codes/69001, FR, 69381, Lyon 1er Arrondissement, 69",
            "/api/postal-codes/13008, FR, 13208, Marseille 8e Arrondissement, 13",
    })
    void frenchPostalCodesGiveTheirCommunesAndDepartment(String path, String country, String insee, String name,
                                                          String department) throws Exception {
        HttpResponse<String> response = Fixtures.get(runtime.baseUrl(), path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.path("country").asText()).isEqualTo(country);
        assertThat(body.path("department").path("code").asText()).isEqualTo(department);
        List<String> communes = new ArrayList<>();
        body.path("communes").forEach(c -> communes.add(c.path("code").asText() + " " + c.path("name").asText()));
        assertThat(communes).contains(insee + " " + name);
        assertThat(body.path("location").path("latitude").isNumber()).isTrue();
    }

    @Test
    void belgianPostcodesGiveTheirLocalities() throws Exception {
        JsonNode brussels = json(Fixtures.get(runtime.baseUrl(), "/api/postal-codes/1000?country=BE"));
        assertThat(brussels.path("communes").get(0).path("name").asText()).isEqualTo("Bruxelles");
        assertThat(brussels.path("region").path("name").asText()).isEqualTo("Bruxelles-Capitale");
        JsonNode liege = json(Fixtures.get(runtime.baseUrl(), "/api/postal-codes/4000?country=be"));
        assertThat(liege.path("province").path("name").asText()).isEqualTo("Liège");
    }

    @Test
    void publicServicesAreListedNearestFirstAndLabelledAs2016Data() throws Exception {
        HttpResponse<String> response = Fixtures.get(runtime.baseUrl(), "/api/services?postalCode=75018&radiusKm=3&limit=50");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("dataset").path("year").asInt()).isEqualTo(2016);
        assertThat(body.path("total").asInt()).isGreaterThan(5);
        double previous = 0;
        for (JsonNode s : body.path("services")) {
            assertThat(s.path("distanceKm").asDouble()).isBetween(previous, 3.0);
            previous = s.path("distanceKm").asDouble();
        }
        JsonNode cafs = json(Fixtures.get(runtime.baseUrl(), "/api/services?postalCode=20000&radiusKm=30&type=caf"));
        assertThat(cafs.path("services")).isNotEmpty().allSatisfy(s -> assertThat(s.path("type").asText()).isEqualTo("caf"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "/api/postal-codes/7501, 400, invalid-postal-code",
            "/api/postal-codes/ABCDE, 400, invalid-postal-code",
            "/api/postal-codes/750180000000000000000000000000, 400, invalid-postal-code",
            "/api/postal-codes/00000, 404, unknown-postal-code",
            "/api/postal-codes/75018?country=DE, 400, unknown-country",
            "/api/postal-codes/75018?country=BE, 400, invalid-postal-code",
            "/api/postal-codes/9999?country=BE, 404, unknown-postal-code",
            "/api/services, 400, missing-parameter",
            "/api/services?postalCode=75018&radiusKm=100000, 400, invalid-parameter",
            "/api/services?postalCode=75018&radiusKm=-3, 400, invalid-parameter",
            "/api/services?postalCode=75018&radiusKm=NaN, 400, invalid-parameter",
            "/api/services?postalCode=75018&radiusKm=1e3, 400, invalid-parameter",
            "/api/services?postalCode=75018&limit=0, 400, invalid-parameter",
            "/api/services?postalCode=75018&type=casino, 400, invalid-parameter",
            "/api/services?postalCode=75018&postalCode=75019, 400, invalid-parameter",
            "/api/services?postalCode=97133, 422, postal-code-without-location",
    })
    void badInputGetsAProblemNeverA500(String path, int status, String type) throws Exception {
        HttpResponse<String> response = Fixtures.get(runtime.baseUrl(), path);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("type").asText()).isEqualTo("urn:passerelle:problem:" + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    @Test
    void theOpenApiDocumentDescribesEveryRouteOfTheTemplate() throws Exception {
        HttpResponse<String> response = Fixtures.get(runtime.baseUrl(), "/api/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = json(response);
        assertThat(document.path("openapi").asText()).startsWith("3.1");
        List<String> documented = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey())));
        List<String> routed = new ArrayList<>();
        for (FunctionDef f : runtime.deployment().template().functions()) {
            f.eventsOfType("HttpApi").forEach(e -> routed.add(
                    String.valueOf(e.properties().get("Method")).toUpperCase() + " " + e.properties().get("Path")));
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(routed);
    }

    @Test
    void theWebSiteIsServedAtTheRoot() {
        HttpResponse<String> index = Fixtures.get(runtime.baseUrl(), "/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        assertThat(index.body()).contains("lang=\"fr\"");
    }
}
