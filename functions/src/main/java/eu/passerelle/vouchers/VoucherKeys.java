package eu.passerelle.vouchers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The keys that make vouchers unforgeable. Each key has a small id (0–15) written in every code
 * and token, so that old keys keep verifying after a rotation while the newest signs. A key
 * comes from one secret seed (Secrets Manager in AWS), from which an HMAC-SHA256 key (typed
 * codes) and an Ed25519 key pair (QR tokens, checkable offline) are derived with HKDF.
 */
public final class VoucherKeys {

    /** One key: its id, the MAC key, and the signing pair. */
    public record Key(int id, byte[] macKey, KeyPair signing) {
        public String kid() {
            return "k" + id;
        }
    }

    private final Map<Integer, Key> keys;
    private final int current;

    private VoucherKeys(Map<Integer, Key> keys, int current) {
        if (!keys.containsKey(current)) {
            throw new IllegalArgumentException("The current key " + current + " is not in the keyring");
        }
        this.keys = Collections.unmodifiableMap(new TreeMap<>(keys));
        this.current = current;
    }

    /**
     * From the secret's content: {@code {"current": "k2", "k1": "<seed>", "k2": "<seed>"}} read
     * into key ids and seeds by the caller (no JSON here).
     */
    public static VoucherKeys fromSeeds(Map<Integer, String> seeds, int current) {
        Map<Integer, Key> keys = new TreeMap<>();
        seeds.forEach((id, seed) -> {
            if (id < 0 || id > 15) {
                throw new IllegalArgumentException("Key ids go from 0 to 15");
            }
            if (seed == null || seed.length() < 32) {
                throw new IllegalArgumentException("Key seed " + id + " is too short (32 characters at least)");
            }
            byte[] ikm = seed.getBytes(StandardCharsets.UTF_8);
            keys.put(id, new Key(id, hkdf(ikm, "passerelle voucher mac"), ed25519(hkdf(ikm, "passerelle voucher ed25519"))));
        });
        return new VoucherKeys(keys, current);
    }

    public Key signing() {
        return keys.get(current);
    }

    public Optional<Key> find(int id) {
        return Optional.ofNullable(keys.get(id));
    }

    public Map<Integer, Key> all() {
        return keys;
    }

    /** HKDF-SHA256 (RFC 5869) with an empty salt, 32 bytes of output. */
    static byte[] hkdf(byte[] inputKeyMaterial, String info) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = extract.doFinal(inputKeyMaterial);
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(prk, "HmacSHA256"));
            expand.update(info.getBytes(StandardCharsets.UTF_8));
            expand.update((byte) 1);
            return expand.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /**
     * An Ed25519 pair from a 32-byte seed. The JDK builds a pair only from a random source, so
     * the seed is handed over as that source: the private key is exactly the seed (RFC 8032).
     */
    static KeyPair ed25519(byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, bytes.length);
                }
            });
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }
}
