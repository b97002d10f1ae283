package eu.passerelle.providers;

import eu.passerelle.directory.AdministrativeArea;
import eu.passerelle.directory.Country;
import eu.passerelle.directory.GeoPoint;
import eu.passerelle.directory.PostalArea;
import eu.passerelle.directory.PostalCodeDirectory;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderDirectoryTest {

    static PostalCodeDirectory postalCodes;
    static List<String> frenchCodes;

    @BeforeAll
    static void load() {
        postalCodes = PostalCodeDirectory.load();
        frenchCodes = postalCodes.codes(Country.FR).stream()
                .filter(c -> postalCodes.find(Country.FR, c).orElseThrow().location() != null).toList();
    }

    /** A provider of a random profession somewhere in France, serving a radius and maybe a department. */
    static Provider randomProvider(Random random, int i) {
        PostalArea place = postalCodes.find(Country.FR, frenchCodes.get(random.nextInt(frenchCodes.size()))).orElseThrow();
        Profession profession = Profession.values()[random.nextInt(4)];
        List<String> departments = random.nextInt(4) == 0 ? List.of(place.area().code()) : List.of();
        int radius = departments.isEmpty() ? 1 + random.nextInt(60) : random.nextInt(2) * 20;
        Application a = new Application("Démo " + i, profession, new Credential("RPPS", "x" + i, null, null),
                new PracticeAddress("1 rue de la Démo", place.postalCode(), place.localities().get(0).code(),
                        place.localities().get(0).name(), Country.FR, place.area().code(), place.location()),
                new ServiceArea(radius, departments), List.of("fr"), false, false,
                new Contact(null, null, null, Set.of()), new BankAccount("FR7630006000011234567890189", "AGRIFRPP"),
                Charter.CURRENT_VERSION, Instant.EPOCH);
        return new Provider("p" + i, "a" + i, ProviderStatus.APPROVED, a, Instant.EPOCH, Instant.EPOCH, null, 1);
    }

    static boolean serves(Provider p, PostalArea place, Double radiusKm) {
        double d = place.location().distanceKm(p.application().address().location());
        boolean covers = p.application().area().departments().stream()
                .anyMatch(dep -> place.areas().stream().map(AdministrativeArea::code).anyMatch(dep::equals));
        boolean inReach = covers || d <= p.application().area().radiusKm();
        return inReach && (radiusKm == null || d <= radiusKm);
    }

    @Property(tries = 50)
    void findsExactlyTheProvidersServingThePlaceNearestFirst(@ForAll @IntRange(min = 0, max = 10_000) int seed,
                                                             @ForAll @IntRange(min = 0, max = 120) int radius) {
        Random random = new Random(seed);
        List<Provider> providers = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            providers.add(randomProvider(random, i));
        }
        ProviderDirectory directory = ProviderDirectory.of(providers);
        PostalArea place = postalCodes.find(Country.FR, frenchCodes.get(random.nextInt(frenchCodes.size()))).orElseThrow();
        Profession profession = random.nextBoolean() ? null : Profession.values()[random.nextInt(4)];
        Double radiusKm = radius == 0 ? null : (double) radius;

        List<ProviderDirectory.Match> found = directory.search(place, profession, radiusKm);
        List<String> expected = providers.stream()
                .filter(p -> profession == null || p.application().profession() == profession)
                .filter(p -> serves(p, place, radiusKm)).map(Provider::id).sorted().toList();
        assertThat(found.stream().map(m -> m.provider().id()).sorted().toList()).isEqualTo(expected);
        assertThat(found).isSortedAccordingTo(Comparator.comparingDouble(ProviderDirectory.Match::distanceKm));
    }

    @Test
    void onlyApprovedProvidersAreListed() {
        Random random = new Random(1);
        Provider listed = randomProvider(random, 1);
        Provider suspended = randomProvider(random, 2).withStatus(ProviderStatus.SUSPENDED, Instant.EPOCH, "x");
        ProviderDirectory directory = ProviderDirectory.of(List.of(listed, suspended));
        assertThat(directory.size()).isEqualTo(1);
        assertThat(directory.find("p1")).isPresent();
        assertThat(directory.find("p2")).isEmpty();
    }

    @Test
    void aProviderCoveringADepartmentServesAllOfIt() {
        Random random = new Random(7);
        Provider p = randomProvider(random, 3);
        Application a = p.application();
        Application wholeParis = new Application(a.displayName(), a.profession(), a.credential(),
                new PracticeAddress("1 rue", "75001", "75101", "Paris 1er Arrondissement", Country.FR, "75",
                        new GeoPoint(48.8626, 2.3363)),
                new ServiceArea(0, List.of("75")), a.languages(), false, false, a.contact(), a.bankAccount(),
                a.charterVersion(), a.charterAcceptedAt());
        Provider parisian = new Provider("paris", "acc", ProviderStatus.APPROVED, wholeParis, Instant.EPOCH, Instant.EPOCH, null, 1);
        ProviderDirectory directory = ProviderDirectory.of(List.of(parisian));
        assertThat(directory.search(postalCodes.find(Country.FR, "75020").orElseThrow(), null, null)).hasSize(1);
        assertThat(directory.search(postalCodes.find(Country.FR, "93100").orElseThrow(), null, null)).isEmpty();
        assertThat(directory.search(postalCodes.find(Country.FR, "75020").orElseThrow(), null, 1.0)).isEmpty();
    }
}
