package eu.passerelle.functions.http;

import eu.passerelle.Rejection;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bodies are read strictly: one object of the declared types, nothing coerced, nothing after it. */
class JsonBodiesTest {

    record Item(String code) {
    }

    record Form(String code, Integer sessions, Long count, Boolean consent, String reason, List<Item> items) {
    }

    record Counted(int count) {
    }

    static HttpRequest body(String body) {
        return new HttpRequest("POST", "/api/x", Map.of(), Map.of(), Map.of("content-type", "application/json"), body,
                "r", null);
    }

    static Rejection refusal(String body) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> JsonBodies.read(body(body), Form.class));
        assertThat(thrown).as(body).isInstanceOf(Rejection.class);
        Rejection r = (Rejection) thrown;
        assertThat(r.kind()).as(body).isEqualTo(Rejection.Kind.INVALID);
        return r;
    }

    @Test
    void aWellTypedObjectIsRead() {
        Form f = JsonBodies.read(body("{\"code\":\"PSY-7K3M\",\"sessions\":2,\"count\":3,\"consent\":true,"
                + "\"reason\":\"Ligne 1\\nLigne 2\\tfin, é 😀\",\"items\":[{\"code\":\"a\"}]}"), Form.class);
        assertThat(f.sessions()).isEqualTo(2);
        assertThat(f.reason()).isEqualTo("Ligne 1\nLigne 2\tfin, é 😀");
    }

    @Test
    void arraysAndBareValuesAreNotAnObject() {
        for (String body : List.of("[]", "[1]", "[{\"code\":\"x\"}]", "1", "\"x\"", "true")) {
            assertThat(refusal(body).type()).as(body).isEqualTo("invalid-json");
        }
    }

    @Test
    void trailingJunkAfterTheObjectIsRefused() {
        assertThat(refusal("{\"code\":\"x\"} junk").type()).isEqualTo("invalid-json");
        assertThat(refusal("{\"code\":\"x\"}{\"code\":\"y\"}").type()).isEqualTo("invalid-json");
        assertThat(refusal("{\"code\":\"x\"}]").type()).isEqualTo("invalid-json");
    }

    @Test
    void objectsNestedDeeperThanTheLimitAreAProblemNotACrash() {
        for (int depth : List.of(40, 1_001, 1_500)) {
            String deep = "{\"items\":[{\"code\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}]}";
            assertThat(refusal(deep).type()).as("depth " + depth).isIn("invalid-json", "invalid-field");
            assertThat(refusal("{\"x\":".repeat(depth) + "1" + "}".repeat(depth)).type()).isIn("invalid-json", "unknown-field");
            assertThat(refusal("[".repeat(depth) + "]".repeat(depth)).type()).isEqualTo("invalid-json");
        }
    }

    @Test
    void numbersBooleansAndObjectsAreNotTakenForText() {
        for (String body : List.of("{\"code\":12345}", "{\"code\":true}", "{\"code\":1.5}", "{\"code\":{\"a\":1}}",
                "{\"code\":[\"a\"]}")) {
            Rejection r = refusal(body);
            assertThat(r.type()).as(body).isEqualTo("invalid-field");
            assertThat(r.pointers()).extracting(Rejection.Pointer::name).containsExactly("#/code");
        }
    }

    @Test
    void textAndFractionsAreNotTakenForWholeNumbers() {
        for (String body : List.of("{\"sessions\":1.5}", "{\"sessions\":\"2\"}", "{\"sessions\":true}", "{\"count\":1.0}",
                "{\"count\":\"2\"}", "{\"count\":\"\"}", "{\"sessions\":1e2}")) {
            assertThat(refusal(body).type()).as(body).isEqualTo("invalid-field");
        }
        for (String body : List.of("{\"count\":1.5}", "{\"count\":\"2\"}", "{\"count\":null}", "{\"count\":false}")) {
            assertThatThrownBy(() -> JsonBodies.read(body(body), Counted.class)).as(body)
                    .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("invalid-field"));
        }
        assertThat(JsonBodies.read(body("{\"count\":2}"), Counted.class).count()).isEqualTo(2);
    }

    @Test
    void textAndNumbersAreNotTakenForBooleans() {
        for (String body : List.of("{\"consent\":\"true\"}", "{\"consent\":1}")) {
            assertThat(refusal(body).type()).as(body).isEqualTo("invalid-field");
        }
    }

    @Test
    void aMemberGivenTwiceIsRefused() {
        assertThat(refusal("{\"code\":\"a\",\"code\":\"b\"}").type()).isEqualTo("invalid-json");
    }

    @Test
    void controlCharactersAndBidirectionalOverridesAreRefusedWhereverTheTextIs() {
        for (String text : List.of("\\u0000", "a\\u0000b", "\\u0007", "\\u001b[31m", "\\u007f", "\\u0085",
                "\\u202a", "\\u202bx", "abc\\u202Edef", "\\u2066", "\\u2069", "\\ud800", "x\\udc00")) {
            Rejection r = refusal("{\"items\":[{\"code\":\"ok\"},{\"code\":\"" + text + "\"}]}");
            assertThat(r.type()).as(text).isEqualTo("invalid-characters");
            assertThat(r.pointers()).extracting(Rejection.Pointer::name).containsExactly("#/items/1/code");
            assertThat(refusal("{\"reason\":\"" + text + "\"}").type()).as(text).isEqualTo("invalid-characters");
        }
    }

    @Test
    void theTextPolicyKeepsLineBreaksTabsAndOrdinaryUnicode() {
        assertThat(JsonBodies.admissible("Décision : refus\r\n\tmotif – « dossier incomplet » 😀 עברית")).isTrue();
        assertThat(JsonBodies.admissible("\u200F")).isTrue();
        assertThat(JsonBodies.admissible("a\u0000")).isFalse();
    }

    @Test
    void unknownFieldsStayRefused() {
        assertThatThrownBy(() -> JsonBodies.read(body("{\"routeKey\":\"GET /api/me\"}"), Form.class))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("unknown-field"));
    }
}
