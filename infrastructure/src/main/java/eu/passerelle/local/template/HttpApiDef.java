package eu.passerelle.local.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code AWS::Serverless::HttpApi} and its JWT authorizers.
 *
 * @param defaultAuthorizer the authorizer of routes that name none, or null
 */
public record HttpApiDef(String logicalId, String defaultAuthorizer, Map<String, JwtAuthorizerDef> authorizers) {

    /**
     * @param identitySource the header carrying the token, in lower case
     * @param issuer         the configured issuer (an intrinsic, resolved by the deployment)
     * @param audience       the accepted audiences (intrinsics)
     */
    public record JwtAuthorizerDef(String name, String identitySource, Object issuer, List<Object> audience) {
    }

    static HttpApiDef of(String logicalId, Map<String, Object> properties) {
        Map<String, Object> auth = SamTemplate.map(properties.get("Auth"));
        Map<String, JwtAuthorizerDef> authorizers = new LinkedHashMap<>();
        SamTemplate.map(auth.get("Authorizers")).forEach((name, value) -> {
            Map<String, Object> a = SamTemplate.map(value);
            Map<String, Object> jwt = SamTemplate.map(a.get("JwtConfiguration"));
            String source = String.valueOf(a.getOrDefault("IdentitySource", "$request.header.Authorization"));
            String header = source.startsWith("$request.header.") ? source.substring("$request.header.".length()) : "authorization";
            authorizers.put(name, new JwtAuthorizerDef(name, header.toLowerCase(java.util.Locale.ROOT), jwt.get("issuer"),
                    SamTemplate.list(jwt.get("audience"))));
        });
        Object defaultAuthorizer = auth.get("DefaultAuthorizer");
        return new HttpApiDef(logicalId, defaultAuthorizer == null ? null : String.valueOf(defaultAuthorizer), authorizers);
    }

    /** The authorizer guarding a route with these event properties: null when open. */
    public String authorizerOf(Map<String, Object> eventProperties) {
        Object named = SamTemplate.map(eventProperties.get("Auth")).get("Authorizer");
        if (named == null) {
            return defaultAuthorizer;
        }
        return "NONE".equals(named) ? null : String.valueOf(named);
    }
}
