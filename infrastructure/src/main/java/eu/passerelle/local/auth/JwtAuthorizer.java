package eu.passerelle.local.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import eu.passerelle.local.gateway.ApiRequest;
import eu.passerelle.local.gateway.HttpApiGateway;

import java.text.ParseException;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An HTTP API JWT authorizer as API Gateway runs it: the token from the identity source (with or
 * without "Bearer "), an RS256 signature by a key of the issuer's JWKS, the issuer, an audience
 * (or {@code client_id}) among the configured ones, a time window; otherwise 401 before any
 * function runs. The verified claims reach the function as API Gateway passes them: every value
 * a string, arrays as {@code "[a b]"}.
 */
public final class JwtAuthorizer {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String issuer;
    private final Set<String> audiences;

    public JwtAuthorizer(LocalIssuer keys, String issuer, Collection<String> audiences) {
        this.issuer = issuer;
        this.audiences = Set.copyOf(audiences);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys.publicKeys())));
        // Audience is checked below (aud or client_id); here: issuer, required claims, time window.
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iat")));
    }

    public String issuer() {
        return issuer;
    }

    public HttpApiGateway.Authorizer.Decision verify(ApiRequest request, String identitySourceHeader) {
        String header = request.header(identitySourceHeader);
        if (header == null || header.isBlank()) {
            return HttpApiGateway.Authorizer.Decision.reject(401);
        }
        String token = header.strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return HttpApiGateway.Authorizer.Decision.reject(401);
        }
        Set<String> presented = new HashSet<>(claims.getAudience());
        Object clientId = claims.getClaim("client_id");
        if (clientId != null) {
            presented.add(String.valueOf(clientId));
        }
        if (presented.stream().noneMatch(audiences::contains)) {
            return HttpApiGateway.Authorizer.Decision.reject(401);
        }
        List<String> scopes = claims.getClaim("scope") == null ? List.of()
                : List.of(String.valueOf(claims.getClaim("scope")).split(" "));
        return HttpApiGateway.Authorizer.Decision.allow(asApiGatewayClaims(claims), scopes);
    }

    /** API Gateway's rendering of claims for Lambda: strings, arrays as "[a b]", dates as epoch seconds. */
    static Map<String, Object> asApiGatewayClaims(JWTClaimsSet claims) {
        Map<String, Object> rendered = new LinkedHashMap<>();
        claims.getClaims().forEach((name, value) -> rendered.put(name, render(value)));
        return rendered;
    }

    private static String render(Object value) {
        if (value instanceof Collection<?> list) {
            return list.stream().map(JwtAuthorizer::render).collect(Collectors.joining(" ", "[", "]"));
        }
        if (value instanceof Date date) {
            return String.valueOf(date.getTime() / 1000);
        }
        return String.valueOf(value);
    }
}
