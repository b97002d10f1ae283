package eu.passerelle.local.gateway;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {

    private static RouteTable<String> table() {
        RouteTable<String> t = new RouteTable<>();
        t.add("GET", "/api/postal-codes/{code}", "lookup");
        t.add("GET", "/api/postal-codes/paris", "literal");
        t.add("ANY", "/api/postal-codes/{code}", "any");
        t.add("GET", "/api/files/{path+}", "greedy");
        t.add("POST", "/api/vouchers", "mint");
        return t;
    }

    private static String target(RouteTable<String> t, String method, String path) {
        return t.match(method, path).map(m -> m.route().target()).orElse(null);
    }

    @Test
    void literalSegmentsBeatVariablesAndAConcreteMethodBeatsAny() {
        RouteTable<String> t = table();
        assertThat(target(t, "GET", "/api/postal-codes/paris")).isEqualTo("literal");
        assertThat(target(t, "GET", "/api/postal-codes/75018")).isEqualTo("lookup");
        assertThat(target(t, "DELETE", "/api/postal-codes/75018")).isEqualTo("any");
    }

    @Test
    void pathParametersAreDecodedAndGreedyOnesTakeTheRest() {
        RouteTable<String> t = table();
        assertThat(t.match("GET", "/api/postal-codes/75%20018").orElseThrow().pathParameters())
                .isEqualTo(Map.of("code", "75 018"));
        assertThat(t.match("GET", "/api/files/a/b%2Fc/d.txt").orElseThrow().pathParameters())
                .isEqualTo(Map.of("path", "a/b/c/d.txt"));
        assertThat(t.match("GET", "/api/postal-codes/a+b").orElseThrow().pathParameters())
                .isEqualTo(Map.of("code", "a+b"));
    }

    @Test
    void nothingMatchesWithoutADefaultRoute() {
        RouteTable<String> t = table();
        assertThat(target(t, "GET", "/api/vouchers")).isNull();
        assertThat(target(t, "GET", "/api/postal-codes")).isNull();
        assertThat(target(t, "GET", "/api/postal-codes/75018/extra")).isNull();
        assertThat(target(t, "GET", "/api/files")).isNull();
        t.add("ANY", "$default", "fallback");
        assertThat(target(t, "GET", "/api/vouchers")).isEqualTo("fallback");
    }

    @Test
    void aRouteCannotBeDeclaredTwice() {
        RouteTable<String> t = table();
        assertThatThrownBy(() -> t.add("post", "/api/vouchers", "again")).isInstanceOf(IllegalArgumentException.class);
    }
}
