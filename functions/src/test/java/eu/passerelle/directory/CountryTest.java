package eu.passerelle.directory;

import eu.passerelle.Rejection;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountryTest {

    private static final Rejection.Pointer.Location PATH = Rejection.Pointer.Location.PATH;

    @Property
    void everyFiveDigitStringIsAWellFormedFrenchCode(@ForAll @NumericChars @StringLength(5) String code) {
        assertThat(Country.FR.requireWellFormed("code", code, PATH)).isEqualTo(code);
    }

    @Property
    void anythingElseIsRefusedAndNamesTheParameter(@ForAll @StringLength(max = 40) String code) {
        boolean wellFormed = code.strip().matches("\\d{5}");
        if (wellFormed) {
            return;
        }
        assertThatThrownBy(() -> Country.FR.requireWellFormed("code", code, PATH))
                .isInstanceOfSatisfying(Rejection.class, r -> {
                    assertThat(r.kind()).isEqualTo(Rejection.Kind.INVALID);
                    assertThat(r.type()).isEqualTo("invalid-postal-code");
                    assertThat(r.pointers()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("code"));
                });
    }

    @Test
    void belgianPostcodesHaveFourDigitsAndNoLeadingZero() {
        assertThat(Country.BE.requireWellFormed("code", "1000", PATH)).isEqualTo("1000");
        assertThatThrownBy(() -> Country.BE.requireWellFormed("code", "0999", PATH)).isInstanceOf(Rejection.class);
        assertThatThrownBy(() -> Country.BE.requireWellFormed("code", "75018", PATH)).isInstanceOf(Rejection.class);
    }

    @Test
    void surroundingSpacesAreForgivenButOversizeInputIsNot() {
        assertThat(Country.FR.requireWellFormed("code", " 75018 ", PATH)).isEqualTo("75018");
        assertThatThrownBy(() -> Country.FR.requireWellFormed("code", "7".repeat(10_000), PATH)).isInstanceOf(Rejection.class);
        assertThatThrownBy(() -> Country.FR.requireWellFormed("code", null, PATH)).isInstanceOf(Rejection.class);
    }

    @Test
    void countriesAreReadCaseInsensitivelyAndDefaultToFrance() {
        assertThat(Country.fromParameter("country", null)).isEqualTo(Country.FR);
        assertThat(Country.fromParameter("country", "be")).isEqualTo(Country.BE);
        assertThatThrownBy(() -> Country.fromParameter("country", "DE"))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("unknown-country"));
    }
}
