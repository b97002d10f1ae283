package eu.passerelle.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import eu.passerelle.Rejection;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpRequestTest {

    private static HttpRequest request(String rawQuery) {
        return HttpRequest.from(APIGatewayV2HTTPEvent.builder().withRawPath("/api/x").withRawQueryString(rawQuery)
                .withHeaders(Map.of("Content-Type", "application/json")).build());
    }

    @Test
    void repeatedQueryParametersStaySeparateAndAreDecoded() {
        HttpRequest r = request("type=caf&type=pif&q=Saint%20Denis&empty&bad=%E9");
        assertThat(r.queryParameters("type")).containsExactly("caf", "pif");
        assertThat(r.queryParameter("q")).isEqualTo("Saint Denis");
        assertThat(r.queryParameter("empty")).isEmpty();
        assertThat(r.queryParameter("bad")).isEqualTo("\uFFFD"); // malformed UTF-8 decodes leniently
        assertThatThrownBy(() -> r.queryParameter("type")).isInstanceOfSatisfying(Rejection.class,
                e -> assertThat(e.pointers()).extracting(Rejection.Pointer::name).containsExactly("type"));
    }

    @Test
    void headersAreCaseInsensitiveAndBase64BodiesDecoded() {
        HttpRequest r = HttpRequest.from(APIGatewayV2HTTPEvent.builder().withRawPath("/")
                .withHeaders(Map.of("X-Thing", "1"))
                .withBody(Base64.getEncoder().encodeToString("é".getBytes(StandardCharsets.UTF_8)))
                .withIsBase64Encoded(true).build());
        assertThat(r.header("x-thing")).isEqualTo("1");
        assertThat(r.header("X-THING")).isEqualTo("1");
        assertThat(r.body()).isEqualTo("é");
    }

    @Test
    void numbersAreReadStrictlyWithinTheirBounds() {
        assertThat(QueryParameters.decimal(request("r=2,5"), "r", 15, 0.1, 100)).isEqualTo(2.5);
        assertThat(QueryParameters.decimal(request(""), "r", 15, 0.1, 100)).isEqualTo(15);
        for (String bad : List.of("r=1e2", "r=-1", "r=NaN", "r=Infinity", "r=0x10", "r=101", "r=1.2.3", "r=99999999999999")) {
            assertThatThrownBy(() -> QueryParameters.decimal(request(bad), "r", 15, 0.1, 100)).as(bad)
                    .isInstanceOf(Rejection.class);
        }
        assertThat(QueryParameters.integer(request("n=7"), "n", 1, 1, 10)).isEqualTo(7);
        assertThatThrownBy(() -> QueryParameters.integer(request("n=99999999999"), "n", 1, 1, 10)).isInstanceOf(Rejection.class);
    }
}
