package eu.passerelle.directory;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PublicServiceDirectoryTest {

    static PublicServiceDirectory directory;
    static List<PublicService> all;

    @BeforeAll
    static void load() {
        directory = PublicServiceDirectory.load();
        all = directory.near(new GeoPoint(46.5, 2.5), 20_000, Set.of()).stream().map(NearbyPublicService::service).toList();
    }

    @Test
    void theWholeExtractIsLoaded() {
        assertThat(directory.size()).isEqualTo(5660);
        assertThat(all).hasSize(5660);
        assertThat(all).extracting(PublicService::type).contains(PublicServiceType.values());
    }

    /** Whatever the origin and radius in metropolitan France, the bounding box loses nothing. */
    @Property(tries = 200)
    void findsExactlyTheServicesWithinTheRadiusNearestFirst(@ForAll @DoubleRange(min = 42.3, max = 51.1) double latitude,
                                                            @ForAll @DoubleRange(min = -4.8, max = 8.2) double longitude,
                                                            @ForAll @DoubleRange(min = 0.1, max = 100) double radiusKm) {
        GeoPoint origin = new GeoPoint(latitude, longitude);
        List<NearbyPublicService> found = directory.near(origin, radiusKm, Set.of());
        List<String> expected = all.stream().filter(s -> origin.distanceKm(s.location()) <= radiusKm)
                .map(PublicService::id).sorted().toList();
        assertThat(found.stream().map(n -> n.service().id()).sorted().toList()).isEqualTo(expected);
        assertThat(found).isSortedAccordingTo(Comparator.comparingDouble(NearbyPublicService::distanceKm));
    }

    @Test
    void typeFilterKeepsOnlyTheAskedTypes() {
        GeoPoint paris = new GeoPoint(48.8566, 2.3522);
        Set<PublicServiceType> wanted = EnumSet.of(PublicServiceType.CAF, PublicServiceType.POINT_INFO_FAMILLE);
        List<NearbyPublicService> found = directory.near(paris, 20, wanted);
        assertThat(found).isNotEmpty().allSatisfy(n -> assertThat(wanted).contains(n.service().type()));
        assertThat(found.size()).isLessThan(directory.near(paris, 20, Set.of()).size());
    }

    @Test
    void theCourtsCarryANoteAboutThe2020Reform() {
        assertThat(PublicServiceType.TRIBUNAL_INSTANCE.note()).hasValueSatisfying(n -> assertThat(n).contains("2020"));
        assertThat(PublicServiceType.CAF.note()).isEmpty();
    }
}
