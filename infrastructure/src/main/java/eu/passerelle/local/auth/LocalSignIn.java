package eu.passerelle.local.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.local.gateway.ApiEvents;
import eu.passerelle.local.gateway.ApiRequest;
import eu.passerelle.local.gateway.LocalEndpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The local-only sign-in behind {@code /local-auth}: demo accounts of each role get a token from
 * the local issuer. It exists only in the local runtime (template.yaml has no such route) and
 * refuses any request that does not come from this machine.
 */
public final class LocalSignIn implements LocalEndpoint {

    public static final String PATH = "/local-auth";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} .'’-]{1,60}");
    private static final Pattern DEPARTMENT = Pattern.compile("(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])");

    /** Suggested demo accounts; any name works, the same name giving the same account. */
    static final List<Map<String, String>> SUGGESTED = List.of(
            Map.of("role", "parent", "name", "Parent démo"),
            Map.of("role", "provider", "name", "Prestataire démo"),
            Map.of("role", "agent", "name", "Agent démo"),
            Map.of("role", "coordinator", "name", "Coordination Paris démo", "department", "75"));

    private final LocalIssuer issuer;
    private final String audience;

    public LocalSignIn(LocalIssuer issuer, String audience) {
        this.issuer = issuer;
        this.audience = audience;
    }

    @Override
    public ApiEvents.ApiResponse handle(ApiRequest request) {
        if (!fromThisMachine(request.sourceIp())) {
            return json(403, problem(403, "local-only", "Réservé au poste local",
                    "La connexion de démonstration n'existe que sur le runtime local."));
        }
        String path = request.rawPath().substring(PATH.length());
        try {
            return switch (request.method() + " " + path) {
                case "GET /.well-known/openid-configuration" -> json(200, discovery());
                case "GET /.well-known/jwks.json" -> new ApiEvents.ApiResponse(200,
                        Map.of("content-type", List.of("application/json")),
                        issuer.publicKeys().toString().getBytes(StandardCharsets.UTF_8));
                case "GET /accounts" -> json(200, accounts());
                case "POST /token" -> token(request);
                default -> json(404, problem(404, "not-found", "Introuvable", "Pas de telle page de connexion locale."));
            };
        } catch (Refused e) {
            ObjectNode p = problem(400, "invalid-sign-in", "Connexion impossible", e.getMessage());
            if (e.field != null) {
                p.putArray("errors").addObject().put("detail", e.getMessage()).put("pointer", "#/" + e.field);
            }
            return json(400, p);
        }
    }

    private ObjectNode discovery() {
        ObjectNode d = JSON.createObjectNode();
        d.put("issuer", issuer.issuer());
        d.put("jwks_uri", issuer.issuer() + "/.well-known/jwks.json");
        d.put("token_endpoint", issuer.issuer() + "/token");
        d.putArray("id_token_signing_alg_values_supported").add("RS256");
        d.putArray("subject_types_supported").add("public");
        return d;
    }

    private ObjectNode accounts() {
        ObjectNode body = JSON.createObjectNode();
        body.put("local", true);
        ArrayNode list = body.putArray("accounts");
        for (Map<String, String> a : SUGGESTED) {
            ObjectNode account = list.addObject();
            a.forEach(account::put);
            account.put("subject", LocalIssuer.subjectOf(a.get("role"), a.get("name")));
        }
        ArrayNode roles = body.putArray("roles");
        LocalIssuer.ROLES.forEach(roles::add);
        return body;
    }

    /** A token for a demo account, as the sign-in page gets it. */
    public String token(String role, String name, String department) {
        return issuer.issue(role, name, department, audience);
    }

    private ApiEvents.ApiResponse token(ApiRequest request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (Exception e) {
            throw new Refused(null, "Envoyez {\"role\": …, \"name\": …} en JSON.");
        }
        if (body == null || !body.isObject()) {
            throw new Refused(null, "Envoyez {\"role\": …, \"name\": …} en JSON.");
        }
        String role = body.path("role").asText("");
        String name = body.path("name").asText("").strip();
        String department = body.path("department").asText("").strip().toUpperCase();
        if (!LocalIssuer.ROLES.contains(role)) {
            throw new Refused("role", "Rôle inconnu : parent, provider, agent ou coordinator.");
        }
        if (!NAME.matcher(name).matches()) {
            throw new Refused("name", "Donnez un nom de compte de démonstration (60 caractères au plus).");
        }
        if (role.equals("coordinator") && !DEPARTMENT.matcher(department).matches()) {
            throw new Refused("department", "Une coordination est rattachée à un département (75, 2A, 974…).");
        }
        String token = issuer.issue(role, name, role.equals("coordinator") ? department : null, audience);
        ObjectNode response = JSON.createObjectNode();
        response.put("idToken", token);
        response.put("tokenType", "Bearer");
        response.put("expiresIn", LocalIssuer.TOKEN_LIFETIME.toSeconds());
        response.put("subject", LocalIssuer.subjectOf(role, name));
        response.put("role", role);
        response.put("name", name);
        if (role.equals("coordinator")) {
            response.put("department", department);
        }
        return json(200, response);
    }

    /** A sign-in refused, and the field to fix. */
    private static final class Refused extends RuntimeException {
        private final String field;

        Refused(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    static boolean fromThisMachine(String sourceIp) {
        try {
            return InetAddress.getByName(sourceIp).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static ObjectNode problem(int status, String type, String title, String detail) {
        ObjectNode p = JSON.createObjectNode();
        p.put("type", "urn:passerelle:problem:" + type);
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        return p;
    }

    private static ApiEvents.ApiResponse json(int status, JsonNode body) {
        String type = status >= 400 ? "application/problem+json" : "application/json";
        return new ApiEvents.ApiResponse(status, Map.of("content-type", List.of(type), "cache-control", List.of("no-store")),
                body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
