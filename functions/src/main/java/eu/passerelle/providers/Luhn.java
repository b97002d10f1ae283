package eu.passerelle.providers;

/** The Luhn (mod 10) key used by the RPPS register. */
final class Luhn {

    private Luhn() {
    }

    static boolean valid(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** The digit that makes {@code payload + digit} valid. */
    static int keyFor(String payload) {
        for (int k = 0; k < 10; k++) {
            if (valid(payload + k)) {
                return k;
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
