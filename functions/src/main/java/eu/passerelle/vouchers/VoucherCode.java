package eu.passerelle.vouchers;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A typed voucher code, such as {@link #EXAMPLE}. The service prefix, then
 * 26 symbols holding 128 bits (the signing key's id, whether the voucher is bound to one provider,
 * the rule version, the expiry date, a random serial and a 64-bit MAC tag), then a check symbol
 * over all of it, prefix included.
 *
 * @param serial     the voucher's id, 38 random bits
 * @param tag        the first 64 bits of the HMAC, see {@link VoucherCodes}
 */
public record VoucherCode(Service service, int keyId, boolean boundToProvider, int ruleSequence, LocalDate expiresOn,
                          long serial, long tag) {

    static final LocalDate DAY_ZERO = LocalDate.of(2024, 1, 1);
    static final int PAYLOAD_SYMBOLS = 26;
    /** Symbols in a whole code: prefix, payload, check symbol. */
    static final int LENGTH = 3 + PAYLOAD_SYMBOLS + 1;
    static final int MAX_RULE_SEQUENCE = 63;
    static final long MAX_SERIAL = (1L << 38) - 1;
    private static final int MAX_DAY = (1 << 15) - 1;

    /**
     * The example shown in messages and documents (OpenAPI, the provider's pages): built by the
     * code itself, so it has the length, symbols and check symbol of a real code, but its tag is
     * not a MAC (it redeems nothing). {@code ExampleCodeTest} checks every copy of it.
     */
    public static final String EXAMPLE = new VoucherCode(Service.PSYCHOLOGIST, 2, false, 1, LocalDate.of(2027, 6, 30),
            0x1F3A5C7E9L, 0x5DEECE66D2B7A4C1L).format();

    public VoucherCode {
        if (keyId < 0 || keyId > 15) {
            throw new IllegalArgumentException("Key ids go from 0 to 15");
        }
        if (ruleSequence < 0 || ruleSequence > MAX_RULE_SEQUENCE) {
            throw new IllegalArgumentException("Rule sequence out of range: " + ruleSequence);
        }
        long day = ChronoUnit.DAYS.between(DAY_ZERO, expiresOn);
        if (day < 0 || day > MAX_DAY) {
            throw new IllegalArgumentException("Expiry out of range: " + expiresOn);
        }
        if (serial < 0 || serial > MAX_SERIAL) {
            throw new IllegalArgumentException("Serial out of range");
        }
    }

    /** What a code read from a person or a scanner turned out to be. */
    public sealed interface Reading {
        /** Not a voucher code at all: wrong length, prefix or symbols. */
        record Malformed() implements Reading {
        }

        /**
         * The beginning of a code (a service prefix, then symbols of the alphabet) with symbols
         * missing: cut short while typing or copying.
         *
         * @param missing how many symbols are missing
         */
        record Incomplete(int missing) implements Reading {
        }

        /** Shaped like a code but the check symbol disagrees: almost surely a typo. */
        record Mistyped() implements Reading {
        }

        record Read(VoucherCode code) implements Reading {
        }
    }

    /** The serial written as the voucher's public id (8 symbols). */
    public String id() {
        return CodeAlphabet.encode(BigInteger.valueOf(serial), 8);
    }

    public static long serialOf(String id) {
        BigInteger n = id == null || id.length() != 8 ? null : CodeAlphabet.decode(id);
        if (n == null || n.bitLength() > 38) {
            throw new IllegalArgumentException("Not a voucher id: " + id);
        }
        return n.longValue();
    }

    /** The code as printed: prefix, then the symbols in groups of four. */
    public String format() {
        String symbols = symbols();
        StringBuilder out = new StringBuilder(service.prefix());
        for (int i = 0; i < symbols.length(); i += 4) {
            out.append('-').append(symbols, i, Math.min(symbols.length(), i + 4));
        }
        return out.toString();
    }

    /** The 26 payload symbols and the check symbol, ungrouped. */
    String symbols() {
        BigInteger value = BigInteger.valueOf(keyId).shiftLeft(124)
                .or(BigInteger.valueOf(boundToProvider ? 1 : 0).shiftLeft(123))
                .or(BigInteger.valueOf(ruleSequence).shiftLeft(117))
                .or(BigInteger.valueOf(ChronoUnit.DAYS.between(DAY_ZERO, expiresOn)).shiftLeft(102))
                .or(BigInteger.valueOf(serial).shiftLeft(64))
                .or(new BigInteger(Long.toUnsignedString(tag)));
        String payload = CodeAlphabet.encode(value, PAYLOAD_SYMBOLS);
        return payload + CodeAlphabet.check(service.prefix() + payload);
    }

    /** Reads a code as typed or scanned: case, spaces, hyphens and O/I/L confusions forgiven. */
    public static Reading read(String typed) {
        if (typed == null || typed.length() > 80) {
            return new Reading.Malformed();
        }
        StringBuilder compact = new StringBuilder();
        for (char c : typed.toCharArray()) {
            if (c == '-' || c == ' ' || c == '\u00a0' || c == '\t') {
                continue;
            }
            compact.append(Character.toUpperCase(c));
        }
        if (compact.length() < LENGTH) {
            return incompleteOrMalformed(compact);
        }
        if (compact.length() > LENGTH) {
            return new Reading.Malformed();
        }
        StringBuilder normalised = new StringBuilder();
        for (int i = 0; i < compact.length(); i++) {
            int v = CodeAlphabet.value(compact.charAt(i));
            if (v < 0) {
                return new Reading.Malformed();
            }
            normalised.append(CodeAlphabet.SYMBOLS.charAt(v));
        }
        String all = normalised.toString();
        String prefix = all.substring(0, 3);
        String payload = all.substring(3, 3 + PAYLOAD_SYMBOLS);
        if (CodeAlphabet.check(prefix + payload) != all.charAt(all.length() - 1)) {
            return new Reading.Mistyped();
        }
        var service = Service.fromPrefix(prefix);
        BigInteger value = CodeAlphabet.decode(payload);
        if (service.isEmpty() || value.bitLength() > 128) {
            return new Reading.Malformed();
        }
        int keyId = value.shiftRight(124).intValue() & 0xF;
        boolean bound = value.testBit(123);
        int rule = value.shiftRight(117).intValue() & 0x3F;
        int day = value.shiftRight(102).intValue() & MAX_DAY;
        long serial = value.shiftRight(64).longValue() & MAX_SERIAL;
        long tag = value.longValue();
        return new Reading.Read(new VoucherCode(service.get(), keyId, bound, rule, DAY_ZERO.plusDays(day), serial, tag));
    }

    /** A short entry is incomplete when it starts like a code: a service prefix (or its start), then symbols. */
    private static Reading incompleteOrMalformed(CharSequence compact) {
        if (compact.isEmpty()) {
            return new Reading.Malformed();
        }
        String head = compact.subSequence(0, Math.min(3, compact.length())).toString();
        boolean prefix = java.util.Arrays.stream(Service.values()).anyMatch(s -> s.prefix().startsWith(head));
        for (int i = 3; i < compact.length(); i++) {
            if (CodeAlphabet.value(compact.charAt(i)) < 0) {
                return new Reading.Malformed();
            }
        }
        return prefix ? new Reading.Incomplete(LENGTH - compact.length()) : new Reading.Malformed();
    }
}
