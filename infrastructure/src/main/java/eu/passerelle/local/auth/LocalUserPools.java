package eu.passerelle.local.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.passerelle.local.gateway.ApiEvents;
import eu.passerelle.local.gateway.ApiRequest;
import eu.passerelle.local.gateway.LocalEndpoint;
import eu.passerelle.local.template.Deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The template's Cognito user pools, as far as the functions use them: {@code AdminDeleteUser}
 * over Cognito's own JSON protocol, so a parent's erasure runs locally the code it runs in AWS.
 * Local sign-in has no stored accounts, so a deletion is recorded (and shown by
 * {@link #deleted()}) rather than removing anything; an unknown pool is refused as Cognito does.
 */
public final class LocalUserPools implements LocalEndpoint {

    public static final String PATH = "/_aws/cognito-idp";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> poolIds;
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    public LocalUserPools(Deployment deployment) {
        this.poolIds = deployment.template().resources().entrySet().stream()
                .filter(r -> "AWS::Cognito::UserPool".equals(String.valueOf(r.getValue().get("Type"))))
                .map(r -> deployment.intrinsics().resolveString(Map.of("Ref", r.getKey())))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The user names deleted since the runtime started, as {@code <pool id>/<user name>}. */
    public Set<String> deleted() {
        return Set.copyOf(deleted);
    }

    @Override
    public ApiEvents.ApiResponse handle(ApiRequest request) {
        String target = request.header("x-amz-target");
        if (!"POST".equals(request.method()) || target == null) {
            return error(400, "InvalidParameterException", "Cognito JSON protocol expected");
        }
        if (!target.equals("AWSCognitoIdentityProviderService.AdminDeleteUser")) {
            return error(400, "InvalidParameterException", target + " is not served locally");
        }
        String pool;
        String user;
        try {
            JsonNode body = JSON.readTree(request.body());
            pool = body.path("UserPoolId").asText("");
            user = body.path("Username").asText("");
        } catch (IOException e) {
            return error(400, "InvalidParameterException", "Malformed request");
        }
        if (!poolIds.contains(pool)) {
            return error(400, "ResourceNotFoundException", "User pool " + pool + " does not exist.");
        }
        if (user.isEmpty()) {
            return error(400, "InvalidParameterException", "Username is required");
        }
        if (!deleted.add(pool + "/" + user)) {
            return error(400, "UserNotFoundException", "User does not exist.");
        }
        return new ApiEvents.ApiResponse(200, Map.of("content-type", List.of("application/x-amz-json-1.1")),
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    private static ApiEvents.ApiResponse error(int status, String type, String message) {
        String body = "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}";
        return new ApiEvents.ApiResponse(status, Map.of("content-type", List.of("application/x-amz-json-1.1")),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
