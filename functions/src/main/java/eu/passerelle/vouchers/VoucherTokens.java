package eu.passerelle.vouchers;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The QR form of a voucher: a compact JWS (RFC 7515) signed with Ed25519 ({@code alg: EdDSA},
 * RFC 8037), so that a provider's software can check it offline with the public keys published
 * at {@code GET /api/keys}. Its claims: the code, the service, the provider it is bound to (if
 * any), the expiry (end of day, Paris time, as {@code exp}), the rule version.
 */
public final class VoucherTokens {

    /** DER prefix of an X.509 Ed25519 public key: the raw 32 bytes follow it. */
    private static final int X509_ED25519_PREFIX = 12;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final VoucherKeys keys;
    private final Map<Integer, RawKey> rawKeys = new ConcurrentHashMap<>();

    public VoucherTokens(VoucherKeys keys) {
        this.keys = keys;
    }

    public String issue(VoucherCode code, String providerId) {
        VoucherKeys.Key key = keys.find(code.keyId()).orElseThrow();
        String header = "{\"alg\":\"EdDSA\",\"kid\":\"" + key.kid() + "\",\"typ\":\"passerelle-voucher+jwt\"}";
        long exp = code.expiresOn().plusDays(1).atStartOfDay(PARIS).toEpochSecond();
        String payload = "{\"jti\":\"" + code.id() + "\",\"code\":\"" + code.format() + "\",\"svc\":\"" + code.service().code()
                + "\"," + (providerId == null ? "" : "\"prv\":\"" + providerId + "\",") + "\"exp\":" + exp
                + ",\"rv\":" + code.ruleSequence() + "}";
        String signingInput = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        byte[] message = signingInput.getBytes(StandardCharsets.US_ASCII);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        RawKey raw = rawKey(key);
        Ed25519.sign(raw.secret(), 0, raw.pub(), 0, message, 0, message.length, signature, 0);
        return signingInput + "." + B64.encodeToString(signature);
    }

    /**
     * A key's raw bytes, for Bouncy Castle's RFC 8032 Ed25519: several times faster than JDK 17's
     * (minting signs five tokens per request), and the same signatures, Ed25519 being
     * deterministic (VoucherTokensTest checks both ways against the JDK's).
     */
    private record RawKey(byte[] secret, byte[] pub) {
    }

    private RawKey rawKey(VoucherKeys.Key key) {
        return rawKeys.computeIfAbsent(key.id(), id -> new RawKey(
                ((EdECPrivateKey) key.signing().getPrivate()).getBytes().orElseThrow(), raw(key.signing().getPublic())));
    }

    /** The public keys as a JWK set (OKP / Ed25519), newest last. */
    public Map<String, Object> publicKeys() {
        var list = keys.all().values().stream().map(k -> {
            Map<String, Object> jwk = new LinkedHashMap<>();
            jwk.put("kty", "OKP");
            jwk.put("crv", "Ed25519");
            jwk.put("kid", k.kid());
            jwk.put("use", "sig");
            jwk.put("alg", "EdDSA");
            jwk.put("x", B64.encodeToString(raw(k.signing().getPublic())));
            return jwk;
        }).toList();
        return Map.of("keys", list);
    }

    static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, X509_ED25519_PREFIX, encoded.length);
    }

    /** Whether what a provider entered is shaped like a QR token (a compact JWS) rather than a typed code. */
    public static boolean looksLikeToken(String entered) {
        if (entered == null) {
            return false;
        }
        String text = entered.strip();
        return text.length() > 80 && text.length() < 2048 && text.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    /**
     * The code a provider means, typed or scanned: a QR token gives the code it carries once its
     * signature checks out (the code then goes through every check of a typed one); anything
     * else is taken as typed. Empty for a token we did not sign.
     */
    public Optional<String> codeFrom(String entered) {
        if (!looksLikeToken(entered)) {
            return Optional.ofNullable(entered);
        }
        String token = entered.strip();
        if (!signatureValid(token)) {
            return Optional.empty();
        }
        // Our own signed payload (see issue): a flat JSON object whose "code" holds no quote.
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        int at = payload.indexOf("\"code\":\"");
        int end = at < 0 ? -1 : payload.indexOf('"', at + 8);
        return end < 0 ? Optional.empty() : Optional.of(payload.substring(at + 8, end));
    }

    /** Checks a token's signature with our keys, as a provider's software would with the JWKS. */
    public boolean signatureValid(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        String header;
        try {
            header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int kidAt = header.indexOf("\"kid\":\"k");
        if (kidAt < 0) {
            return false;
        }
        int end = header.indexOf('"', kidAt + 8);
        int id;
        try {
            id = Integer.parseInt(header.substring(kidAt + 8, end));
        } catch (NumberFormatException e) {
            return false;
        }
        var key = keys.find(id);
        if (key.isEmpty()) {
            return false;
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        byte[] message = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        return Ed25519.verify(signature, 0, rawKey(key.get()).pub(), 0, message, 0, message.length);
    }

    /** The date a token's expiry falls on in Paris (for tests and the verify route). */
    static LocalDate expiryDay(long exp) {
        return java.time.Instant.ofEpochSecond(exp).atZone(PARIS).toLocalDate().minusDays(1);
    }
}
