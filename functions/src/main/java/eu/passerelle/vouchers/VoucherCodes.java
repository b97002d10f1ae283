package eu.passerelle.vouchers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Signs and checks typed codes: the tag is the first 64 bits of HMAC-SHA256 over the voucher id,
 * service, provider (or "*" when any approved provider of the service may redeem it), expiry and
 * rule version, under the key the code names. A provider checks a code with its own id: a code
 * bound to someone else fails exactly like a forged one.
 */
public final class VoucherCodes {

    /** What a code is for one provider on one day. */
    public enum Verdict {
        /** Signed by us, for this provider (or any), not expired. */
        VALID,
        /** Signed for this provider but past its expiry. */
        EXPIRED,
        /** Unknown key, wrong tag, or bound to another provider: indistinguishable on purpose. */
        NOT_FOR_YOU
    }

    private final VoucherKeys keys;

    public VoucherCodes(VoucherKeys keys) {
        this.keys = keys;
    }

    public VoucherCode issue(Service service, long serial, String providerId, LocalDate expiresOn, int ruleSequence) {
        VoucherKeys.Key key = keys.signing();
        boolean bound = providerId != null;
        VoucherCode unsigned = new VoucherCode(service, key.id(), bound, ruleSequence, expiresOn, serial, 0);
        return new VoucherCode(service, key.id(), bound, ruleSequence, expiresOn, serial, tag(key, unsigned, providerId));
    }

    /**
     * @param providerId the provider checking the code
     */
    public Verdict verify(VoucherCode code, String providerId, LocalDate today) {
        Optional<VoucherKeys.Key> key = keys.find(code.keyId());
        if (key.isEmpty()) {
            return Verdict.NOT_FOR_YOU;
        }
        long expected = tag(key.get(), code, code.boundToProvider() ? providerId : null);
        byte[] a = ByteBuffer.allocate(8).putLong(expected).array();
        byte[] b = ByteBuffer.allocate(8).putLong(code.tag()).array();
        if (!MessageDigest.isEqual(a, b)) {
            return Verdict.NOT_FOR_YOU;
        }
        return today.isAfter(code.expiresOn()) ? Verdict.EXPIRED : Verdict.VALID;
    }

    static long tag(VoucherKeys.Key key, VoucherCode code, String providerId) {
        String message = "passerelle-voucher-v1|" + code.service().code() + "|" + code.id() + "|"
                + (providerId == null ? "*" : providerId) + "|" + code.expiresOn() + "|" + code.ruleSequence();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.macKey(), "HmacSHA256"));
            return ByteBuffer.wrap(mac.doFinal(message.getBytes(StandardCharsets.UTF_8))).getLong();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
