package eu.passerelle.vouchers;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Typed codes: shape, reading, and the check symbol's promise. */
class VoucherCodeTest {

    static final VoucherKeys KEYS = VoucherKeys.fromSeeds(Map.of(1, "a".repeat(40), 2, "b".repeat(40)), 2);
    static final VoucherCodes CODES = new VoucherCodes(KEYS);

    @Provide
    Arbitrary<VoucherCode> codes() {
        return Combinators.combine(Arbitraries.of(Service.values()), Arbitraries.longs().between(0, VoucherCode.MAX_SERIAL),
                Arbitraries.integers().between(0, 63), Arbitraries.integers().between(0, 30_000), Arbitraries.of(true, false))
                .as((service, serial, rule, day, bound) -> CODES.issue(service, serial, bound ? "provider-1" : null,
                        VoucherCode.DAY_ZERO.plusDays(day), rule));
    }

    private static String compact(VoucherCode code) {
        return code.format().replace("-", "");
    }

    @Property
    void aCodeReadsBackAsItself(@ForAll("codes") VoucherCode code) {
        assertThat(VoucherCode.read(code.format())).isEqualTo(new VoucherCode.Reading.Read(code));
        assertThat(VoucherCode.read(code.format().toLowerCase().replace("-", " "))).isEqualTo(new VoucherCode.Reading.Read(code));
        assertThat(code.format()).matches("(PSY|MED|AVC|TSS)(-[0-9A-HJKMNP-TV-Y]{4}){6}-[0-9A-HJKMNP-TV-Y]{3}");
    }

    @Property(tries = 200)
    void everySingleSymbolChangeIsCaught(@ForAll("codes") VoucherCode code) {
        String s = compact(code);
        for (int i = 0; i < s.length(); i++) {
            for (char c : CodeAlphabet.SYMBOLS.toCharArray()) {
                if (c == s.charAt(i)) {
                    continue;
                }
                String changed = s.substring(0, i) + c + s.substring(i + 1);
                assertThat(VoucherCode.read(changed)).as(changed).isNotInstanceOf(VoucherCode.Reading.Read.class);
            }
        }
    }

    @Property(tries = 500)
    void everySwapOfAdjacentSymbolsIsCaught(@ForAll("codes") VoucherCode code) {
        String s = compact(code);
        for (int i = 0; i + 1 < s.length(); i++) {
            if (s.charAt(i) == s.charAt(i + 1)) {
                continue;
            }
            String swapped = s.substring(0, i) + s.charAt(i + 1) + s.charAt(i) + s.substring(i + 2);
            assertThat(VoucherCode.read(swapped)).as(swapped).isNotInstanceOf(VoucherCode.Reading.Read.class);
        }
    }

    @Test
    void humanConfusionsAreForgiven() {
        VoucherCode code = CODES.issue(Service.PSYCHOLOGIST, 123_456_789L, null, LocalDate.of(2027, 11, 23), 1);
        String typed = code.format().replace('0', 'O').replace('1', 'l');
        assertThat(VoucherCode.read(typed)).isEqualTo(new VoucherCode.Reading.Read(code));
    }

    @Test
    void garbageIsMalformed() {
        assertThat(VoucherCode.read(null)).isInstanceOf(VoucherCode.Reading.Malformed.class);
        assertThat(VoucherCode.read("")).isInstanceOf(VoucherCode.Reading.Malformed.class);
        assertThat(VoucherCode.read("HELLO")).isInstanceOf(VoucherCode.Reading.Malformed.class);
        assertThat(VoucherCode.read("PSY-12U4")).as("U is not a symbol").isInstanceOf(VoucherCode.Reading.Malformed.class);
        assertThat(VoucherCode.read("ZZZ-" + "0".repeat(27))).isInstanceOf(VoucherCode.Reading.Malformed.class);
        assertThat(VoucherCode.read("x".repeat(500))).isInstanceOf(VoucherCode.Reading.Malformed.class);
    }

    @Property(tries = 200)
    void aCodeCutShortAnywhereIsIncompleteAndSaysHowManySymbolsAreMissing(@ForAll("codes") VoucherCode code) {
        String s = compact(code);
        for (int length = 1; length < s.length(); length++) {
            assertThat(VoucherCode.read(s.substring(0, length))).as(s.substring(0, length))
                    .isEqualTo(new VoucherCode.Reading.Incomplete(s.length() - length));
        }
        String grouped = code.format();
        assertThat(VoucherCode.read(grouped.substring(0, grouped.length() - 3).toLowerCase()))
                .isEqualTo(new VoucherCode.Reading.Incomplete(3));
    }

    @Test
    void aSymbolLeftOutInTheMiddleIsIncompleteToo() {
        VoucherCode code = CODES.issue(Service.FAMILY_MEDIATOR, 77, null, LocalDate.of(2027, 3, 1), 2);
        String s = compact(code);
        assertThat(VoucherCode.read(s.substring(0, 10) + s.substring(11))).isEqualTo(new VoucherCode.Reading.Incomplete(1));
    }

    @Test
    void aCodeTooLongIsNotIncomplete() {
        VoucherCode code = CODES.issue(Service.LAWYER, 78, null, LocalDate.of(2027, 3, 1), 2);
        assertThat(VoucherCode.read(code.format() + "7")).isInstanceOf(VoucherCode.Reading.Malformed.class);
    }

    @Test
    void idsAreEightSymbolsAndRoundTrip() {
        VoucherCode code = CODES.issue(Service.LAWYER, VoucherCode.MAX_SERIAL, null, LocalDate.of(2027, 1, 1), 0);
        assertThat(code.id()).hasSize(8);
        assertThat(VoucherCode.serialOf(code.id())).isEqualTo(VoucherCode.MAX_SERIAL);
    }
}
