package eu.passerelle.vouchers;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged, altered, foreign, expired and retired codes never pass. A forger knows the format and
 * the check algorithm (they are public); only the keys are secret.
 */
class ForgeryTest {

    static final VoucherKeys KEYS = VoucherKeys.fromSeeds(Map.of(1, "old-seed-".repeat(5), 2, "new-seed-".repeat(5)), 2);
    static final VoucherCodes CODES = new VoucherCodes(KEYS);
    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    static final LocalDate EXPIRY = LocalDate.of(2027, 11, 23);

    /** Re-applies the check symbol so that only the MAC can refuse. */
    private static VoucherCode reread(VoucherCode code) {
        return ((VoucherCode.Reading.Read) VoucherCode.read(code.format())).code();
    }

    @Test
    void aGenuineCodeIsValidForItsProviderOrAnyWhenUnbound() {
        VoucherCode bound = CODES.issue(Service.PSYCHOLOGIST, 42, "provider-A", EXPIRY, 3);
        assertThat(CODES.verify(reread(bound), "provider-A", TODAY)).isEqualTo(VoucherCodes.Verdict.VALID);
        VoucherCode open = CODES.issue(Service.PSYCHOLOGIST, 43, null, EXPIRY, 3);
        assertThat(CODES.verify(reread(open), "provider-B", TODAY)).isEqualTo(VoucherCodes.Verdict.VALID);
    }

    @Test
    void randomCodesWithAValidCheckSymbolAreRefused() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            VoucherCode guess = new VoucherCode(Service.values()[random.nextInt(4)], 2, random.nextBoolean(),
                    random.nextInt(64), EXPIRY, random.nextLong() & VoucherCode.MAX_SERIAL, random.nextLong());
            assertThat(CODES.verify(reread(guess), "provider-A", TODAY)).isEqualTo(VoucherCodes.Verdict.NOT_FOR_YOU);
        }
    }

    @Test
    void changingAnyFieldBreaksTheTag() {
        VoucherCode real = CODES.issue(Service.PSYCHOLOGIST, 1000, "provider-A", EXPIRY, 3);
        VoucherCode[] altered = {
                new VoucherCode(Service.LAWYER, real.keyId(), true, 3, EXPIRY, 1000, real.tag()),
                new VoucherCode(Service.PSYCHOLOGIST, real.keyId(), true, 3, EXPIRY.plusYears(1), 1000, real.tag()),
                new VoucherCode(Service.PSYCHOLOGIST, real.keyId(), true, 4, EXPIRY, 1000, real.tag()),
                new VoucherCode(Service.PSYCHOLOGIST, real.keyId(), true, 3, EXPIRY, 1001, real.tag()),
                new VoucherCode(Service.PSYCHOLOGIST, real.keyId(), false, 3, EXPIRY, 1000, real.tag()),
                new VoucherCode(Service.PSYCHOLOGIST, real.keyId(), true, 3, EXPIRY, 1000, real.tag() ^ 1),
        };
        for (VoucherCode a : altered) {
            assertThat(CODES.verify(reread(a), "provider-A", TODAY)).as(a.toString()).isEqualTo(VoucherCodes.Verdict.NOT_FOR_YOU);
        }
    }

    @Test
    void aCodeBoundToAnotherProviderLooksForged() {
        VoucherCode forA = CODES.issue(Service.FAMILY_MEDIATOR, 7, "provider-A", EXPIRY, 1);
        assertThat(CODES.verify(reread(forA), "provider-B", TODAY)).isEqualTo(VoucherCodes.Verdict.NOT_FOR_YOU);
    }

    @Test
    void expiredCodesAreRecognisedAsSuch() {
        VoucherCode code = CODES.issue(Service.LAWYER, 8, null, TODAY.minusDays(1), 1);
        assertThat(CODES.verify(reread(code), "provider-A", TODAY)).isEqualTo(VoucherCodes.Verdict.EXPIRED);
        assertThat(CODES.verify(reread(code), "provider-A", TODAY.minusDays(1))).isEqualTo(VoucherCodes.Verdict.VALID);
    }

    @Test
    void oldKeysStillVerifyAfterRotationAndRetiredKeysNoLonger() {
        VoucherCodes beforeRotation = new VoucherCodes(VoucherKeys.fromSeeds(Map.of(1, "old-seed-".repeat(5)), 1));
        VoucherCode old = beforeRotation.issue(Service.SOCIAL_WORKER, 9, null, EXPIRY, 1);
        assertThat(old.keyId()).isEqualTo(1);
        assertThat(CODES.verify(reread(old), "p", TODAY)).isEqualTo(VoucherCodes.Verdict.VALID);
        assertThat(CODES.issue(Service.SOCIAL_WORKER, 10, null, EXPIRY, 1).keyId()).isEqualTo(2);
        VoucherCodes afterRetirement = new VoucherCodes(VoucherKeys.fromSeeds(Map.of(2, "new-seed-".repeat(5)), 2));
        assertThat(afterRetirement.verify(reread(old), "p", TODAY)).isEqualTo(VoucherCodes.Verdict.NOT_FOR_YOU);
    }

    @Test
    void qrTokensVerifyWithThePublishedKeysAndNotWhenAltered() {
        VoucherTokens tokens = new VoucherTokens(KEYS);
        VoucherCode code = CODES.issue(Service.PSYCHOLOGIST, 77, "provider-A", EXPIRY, 3);
        String token = tokens.issue(code, "provider-A");
        assertThat(tokens.signatureValid(token)).isTrue();
        String[] parts = token.split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("provider-A", "provider-B").getBytes());
        assertThat(tokens.signatureValid(parts[0] + "." + forgedPayload + "." + parts[2])).isFalse();
        assertThat(tokens.publicKeys().get("keys")).asList().hasSize(2);
    }
}
