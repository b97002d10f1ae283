package eu.passerelle.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The caller, read only from the claims the HTTP API's JWT authorizer verified (never from the
 * body or a header the client controls). API Gateway hands array claims over as one string,
 * {@code "[parent provider]"}; a comma list or a single value is read too.
 */
public final class Claims {

    public static final String DEFAULT_ROLES_CLAIM = "cognito:groups";
    public static final String DEPARTMENT_CLAIM = "custom:department";

    private Claims() {
    }

    /** @return the caller, or null when the request carries no verified identity */
    public static Caller caller(APIGatewayV2HTTPEvent event, String rolesClaim) {
        var context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null) {
            return null;
        }
        Map<String, String> claims = context.getAuthorizer().getJwt().getClaims();
        if (claims == null || claims.get("sub") == null || claims.get("sub").isBlank()) {
            return null;
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String value : values(claims.get(rolesClaim))) {
            Role.fromClaim(value).ifPresent(roles::add);
        }
        return new Caller(claims.get("sub"), roles, claims.get(DEPARTMENT_CLAIM));
    }

    static List<String> values(String claim) {
        List<String> values = new ArrayList<>();
        if (claim == null) {
            return values;
        }
        String s = claim.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        for (String part : s.split("[,\\s]+")) {
            String v = part.strip().replace("\"", "");
            if (!v.isEmpty()) {
                values.add(v);
            }
        }
        return values;
    }
}
