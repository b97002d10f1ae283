package eu.passerelle.directory;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GeoPointTest {

    private static final GeoPoint PARIS = new GeoPoint(48.8566, 2.3522);
    private static final GeoPoint LYON = new GeoPoint(45.7640, 4.8357);
    private static final GeoPoint BRUSSELS = new GeoPoint(50.8503, 4.3517);

    @Test
    void knownDistances() {
        assertThat(PARIS.distanceKm(LYON)).isCloseTo(391.5, within(2.0));
        assertThat(PARIS.distanceKm(BRUSSELS)).isCloseTo(264.0, within(2.0));
        assertThat(PARIS.distanceKm(PARIS)).isZero();
    }

    @Provide
    Arbitrary<GeoPoint> points() {
        return Combinators.combine(Arbitraries.doubles().between(-60, 70), Arbitraries.doubles().between(-180, 180))
                .as(GeoPoint::new);
    }

    @Property
    void distanceIsSymmetricAndObeysTheTriangleInequality(@ForAll("points") GeoPoint a, @ForAll("points") GeoPoint b,
                                                          @ForAll("points") GeoPoint c) {
        assertThat(a.distanceKm(b)).isCloseTo(b.distanceKm(a), within(1e-6));
        assertThat(a.distanceKm(c)).isLessThanOrEqualTo(a.distanceKm(b) + b.distanceKm(c) + 1e-6);
        assertThat(a.distanceKm(b)).isBetween(0.0, 20_016.0);
    }

    @Test
    void impossiblePositionsAreRefused() {
        assertThatThrownBy(() -> new GeoPoint(91, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GeoPoint(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void centroidIsTheMeanPosition() {
        GeoPoint c = GeoPoint.centroid(List.of(new GeoPoint(48, 2), new GeoPoint(50, 4)));
        assertThat(c).isEqualTo(new GeoPoint(49, 3));
    }
}
