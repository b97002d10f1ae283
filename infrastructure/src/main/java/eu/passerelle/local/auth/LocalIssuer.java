package eu.passerelle.local.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The identity provider of the local runtime, standing in for Cognito: it signs ID tokens for
 * demo accounts (RS256, a key of its own kept under the data folder) with the claims Cognito
 * would give ({@code sub}, {@code cognito:groups}, {@code custom:department}, {@code aud} the app
 * client), and publishes its keys so that the local authorizer verifies them like API Gateway.
 */
public final class LocalIssuer {

    public static final Duration TOKEN_LIFETIME = Duration.ofHours(8);
    public static final List<String> ROLES = List.of("parent", "provider", "agent", "coordinator");

    private final RSAKey key;
    private final String issuer;
    private final Clock clock;

    private LocalIssuer(RSAKey key, String issuer, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** @param keyFile where the signing key persists, or null for a fresh key per start */
    public static LocalIssuer create(String issuer, Path keyFile, Clock clock) {
        try {
            RSAKey key;
            if (keyFile != null && Files.exists(keyFile)) {
                key = RSAKey.parse(Files.readString(keyFile, StandardCharsets.UTF_8));
            } else {
                key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).generate();
                if (keyFile != null) {
                    Files.createDirectories(keyFile.getParent());
                    Files.writeString(keyFile, key.toJSONString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                    try {
                        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException notPosix) {
                        // Windows: the data folder's own permissions apply.
                    }
                }
            }
            return new LocalIssuer(key, issuer, clock);
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("Cannot set up the local issuer's key", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    /** A stable pseudonymous subject per demo account, so that a re-sign-in finds the same data. */
    public static String subjectOf(String role, String name) {
        return UUID.nameUUIDFromBytes(("passerelle-local:" + role + ":" + name.strip().toLowerCase(Locale.ROOT))
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * An ID token as Cognito would issue it.
     *
     * @param department for coordinators, the department they coordinate
     */
    public String issue(String role, String name, String department, String audience) {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("Unknown role " + role);
        }
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subjectOf(role, name))
                .audience(audience)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .claim("token_use", "id")
                .claim("cognito:groups", List.of(role))
                .claim("name", name.strip());
        if (department != null && !department.isBlank()) {
            claims.claim("custom:department", department.strip().toUpperCase(Locale.ROOT));
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }
}
