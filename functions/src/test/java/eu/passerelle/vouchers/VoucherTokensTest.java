package eu.passerelle.vouchers;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** QR tokens stand for their code only when we signed them. */
class VoucherTokensTest {

    static final VoucherKeys KEYS = VoucherKeys.fromSeeds(Map.of(1, "old-seed-".repeat(5), 2, "new-seed-".repeat(5)), 2);
    static final VoucherTokens TOKENS = new VoucherTokens(KEYS);
    static final VoucherCode CODE = new VoucherCodes(KEYS).issue(Service.PSYCHOLOGIST, 4242, "provider-A",
            LocalDate.of(2027, 11, 23), 3);

    private static String part(String token, int i) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[i]), StandardCharsets.UTF_8);
    }

    private static String withPayload(String token, String payload) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    @Test
    void aSignedTokenGivesTheCodeItCarries() {
        String token = TOKENS.issue(CODE, "provider-A");
        assertThat(VoucherTokens.looksLikeToken(token)).isTrue();
        assertThat(TOKENS.codeFrom(token)).contains(CODE.format());
        assertThat(TOKENS.codeFrom("  " + token + "\n")).as("as a scanner may hand it").contains(CODE.format());
    }

    @Test
    void tokensAreStandardEd25519SignaturesThatTheJdkMakesAndChecksIdentically() throws Exception {
        String token = TOKENS.issue(CODE, "provider-A");
        String[] parts = token.split("\\.");
        byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        VoucherKeys.Key key = KEYS.find(CODE.keyId()).orElseThrow();

        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
        jdk.initVerify(key.signing().getPublic());
        jdk.update(input);
        assertThat(jdk.verify(Base64.getUrlDecoder().decode(parts[2]))).as("the JDK verifies our signature").isTrue();

        jdk.initSign(key.signing().getPrivate());
        jdk.update(input);
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(jdk.sign()))
                .as("Ed25519 is deterministic: the JDK signs the same bytes").isEqualTo(parts[2]);

        byte[] flipped = Base64.getUrlDecoder().decode(parts[2]);
        flipped[5] ^= 1;
        assertThat(TOKENS.signatureValid(parts[0] + "." + parts[1] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(flipped))).isFalse();
        assertThat(TOKENS.signatureValid(parts[0] + "." + parts[1] + "." + parts[2].substring(4))).as("short").isFalse();
    }

    @Test
    void aTypedCodeIsTakenAsTyped() {
        String typed = CODE.format().toLowerCase().replace("-", " ");
        assertThat(VoucherTokens.looksLikeToken(typed)).isFalse();
        assertThat(TOKENS.codeFrom(typed)).contains(typed);
    }

    @Test
    void aTokenWithAnotherCodeInItsPayloadIsRefused() {
        String token = TOKENS.issue(CODE, "provider-A");
        VoucherCode other = new VoucherCodes(KEYS).issue(Service.PSYCHOLOGIST, 4243, null, LocalDate.of(2027, 11, 23), 3);
        String altered = withPayload(token, part(token, 1).replace(CODE.format(), other.format()));
        assertThat(altered).isNotEqualTo(token);
        assertThat(TOKENS.codeFrom(altered)).isEmpty();
    }

    @Test
    void aTokenSignedWithAKeyWeDoNotHoldIsRefused() {
        VoucherKeys foreign = VoucherKeys.fromSeeds(Map.of(2, "someone-else-".repeat(4)), 2);
        String token = new VoucherTokens(foreign).issue(CODE, "provider-A");
        assertThat(VoucherTokens.looksLikeToken(token)).isTrue();
        assertThat(TOKENS.codeFrom(token)).isEmpty();
    }

    @Test
    void tokenShapedGarbageIsRefusedWithoutAnError() {
        String garbage = "a".repeat(40) + "." + "b".repeat(41) + "." + "c".repeat(43);
        assertThat(VoucherTokens.looksLikeToken(garbage)).isTrue();
        assertThat(TOKENS.codeFrom(garbage)).isEmpty();
    }

    @Test
    void aTokenFromARetiredKeyIsRefused() {
        String token = TOKENS.issue(new VoucherCodes(KEYS).issue(Service.LAWYER, 5, null, LocalDate.of(2027, 1, 1), 1), null);
        VoucherTokens afterRetirement = new VoucherTokens(VoucherKeys.fromSeeds(Map.of(3, "next-seed-".repeat(5)), 3));
        assertThat(afterRetirement.codeFrom(token)).isEmpty();
    }
}
