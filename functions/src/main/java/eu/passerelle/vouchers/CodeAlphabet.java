package eu.passerelle.vouchers;

import java.math.BigInteger;

/**
 * The alphabet of typed voucher codes: Crockford's base 32 without Z, so 31 symbols. With 31
 * prime, one check symbol (weighted sum mod 31, weights 1..n) catches every single-symbol error
 * and every swap of two adjacent symbols, and still comes from the same alphabet (Crockford's own
 * check needs 37 symbols, among them * ~ $ =, which nobody should have to type).
 * Reading forgives what people do: lower case, O for 0, I and L for 1, spaces and hyphens.
 */
final class CodeAlphabet {

    static final String SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXY";
    static final int BASE = SYMBOLS.length();
    private static final BigInteger BIG_BASE = BigInteger.valueOf(BASE);

    private CodeAlphabet() {
    }

    /** The symbol's value, or -1 when it is not one (after the usual confusions are forgiven). */
    static int value(char c) {
        char u = Character.toUpperCase(c);
        u = switch (u) {
            case 'O' -> '0';
            case 'I', 'L' -> '1';
            default -> u;
        };
        return SYMBOLS.indexOf(u);
    }

    /** {@code digits} base-31 symbols for a non-negative number, most significant first. */
    static String encode(BigInteger number, int digits) {
        char[] out = new char[digits];
        BigInteger n = number;
        for (int i = digits - 1; i >= 0; i--) {
            BigInteger[] qr = n.divideAndRemainder(BIG_BASE);
            out[i] = SYMBOLS.charAt(qr[1].intValue());
            n = qr[0];
        }
        if (n.signum() != 0) {
            throw new IllegalArgumentException("Number too large for " + digits + " symbols");
        }
        return new String(out);
    }

    /** @return the number, or null if a symbol is not of the alphabet */
    static BigInteger decode(String symbols) {
        BigInteger n = BigInteger.ZERO;
        for (int i = 0; i < symbols.length(); i++) {
            int v = value(symbols.charAt(i));
            if (v < 0) {
                return null;
            }
            n = n.multiply(BIG_BASE).add(BigInteger.valueOf(v));
        }
        return n;
    }

    /** The check symbol of some symbols (at most 30: each position needs its own weight). */
    static char check(String symbols) {
        if (symbols.length() >= BASE) {
            throw new IllegalArgumentException("At most " + (BASE - 1) + " symbols per check");
        }
        int sum = 0;
        for (int i = 0; i < symbols.length(); i++) {
            sum += (i + 1) * value(symbols.charAt(i));
        }
        return SYMBOLS.charAt(sum % BASE);
    }
}
