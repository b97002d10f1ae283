package eu.passerelle.directory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PostalCodeDirectoryTest {

    static PostalCodeDirectory directory;

    @BeforeAll
    static void load() {
        directory = PostalCodeDirectory.load();
    }

    private static List<String> communes(String code) {
        return directory.find(Country.FR, code).orElseThrow().localities().stream()
                .map(l -> l.code() + " " + l.name()).toList();
    }

    @ParameterizedTest
    @CsvSource({
            "75018, 75118 Paris 18e Arrondissement, 75, 11",
            "75116, 75116 Paris 16e Arrondissement, 75, 11",
            "69001, 69381 Lyon 1er Arrondissement, 69, 84",
            "13008, 13208 Marseille 8e Arrondissement, 13, 93",
            "20000, 2A004 Ajaccio, 2A, 94",
            "20200, 2B033 Bastia, 2B, 94",
            "97400, 97411 Saint-Denis, 974, 04",
            "97200, 97209 Fort-de-France, 972, 02",
            "97300, 97302 Cayenne, 973, 03",
            "97600, 97611 Mamoudzou, 976, 06",
            "97110, 97120 Pointe-à-Pitre, 971, 01",
    })
    void communesDepartmentsAndRegionsOfAFrenchPostalCode(String code, String commune, String department, String region) {
        PostalArea area = directory.find(Country.FR, code).orElseThrow();
        assertThat(communes(code)).contains(commune);
        assertThat(area.area().code()).isEqualTo(department);
        assertThat(area.region().code()).isEqualTo(region);
        assertThat(area.location()).isNotNull();
    }

    @Test
    void parisLyonAndMarseilleAreListedByArrondissementNotAsAWhole() {
        Set<String> all = directory.codes(Country.FR).stream()
                .flatMap(c -> directory.find(Country.FR, c).orElseThrow().localities().stream())
                .map(Locality::code).collect(Collectors.toSet());
        assertThat(all).doesNotContain("75056", "69123", "13055");
        assertThat(all).contains("75101", "75120", "69381", "69389", "13201", "13216");
    }

    @Test
    void aPostalCodeSharedByManyCommunesListsThemAll() {
        // 01400 serves a dozen communes of the Ain around Châtillon-sur-Chalaronne.
        assertThat(communes("01400")).hasSizeGreaterThan(8).contains("01001 L'Abergement-Clémenciat");
    }

    @Test
    void everyFrenchDepartmentAndOverseasDepartmentIsCovered() {
        Set<String> departments = directory.codes(Country.FR).stream()
                .flatMap(c -> directory.find(Country.FR, c).orElseThrow().areas().stream())
                .map(AdministrativeArea::code).collect(Collectors.toSet());
        for (int d = 1; d <= 95; d++) {
            if (d != 20) {
                assertThat(departments).contains(String.format("%02d", d));
            }
        }
        assertThat(departments).contains("2A", "2B", "971", "972", "973", "974", "975", "976");
        assertThat(directory.size(Country.FR)).isGreaterThan(6000);
    }

    @ParameterizedTest
    @CsvSource({
            "1000, Bruxelles, Bruxelles-Capitale",
            "4000, Liège, Wallonie",
            "2000, Antwerpen, Vlaanderen",
            "9000, Gent, Vlaanderen",
    })
    void belgianPostcodes(String code, String place, String region) {
        PostalArea area = directory.find(Country.BE, code).orElseThrow();
        assertThat(area.localities()).extracting(Locality::name).contains(place);
        assertThat(area.region().name()).isEqualTo(region);
        assertThat(area.localities()).allSatisfy(l -> assertThat(l.code()).isNull());
        assertThat(directory.size(Country.BE)).isEqualTo(1146);
    }

    @Test
    void unknownCodesAreAbsent() {
        assertThat(directory.find(Country.FR, "00000")).isEmpty();
        assertThat(directory.find(Country.BE, "75018")).isEmpty();
    }

    @Test
    void overseasCollectivitiesWithoutCoordinatesStillResolve() {
        PostalArea saintBarthelemy = directory.find(Country.FR, "97133").orElseThrow();
        assertThat(saintBarthelemy.localities()).extracting(Locality::name).containsExactly("Saint-Barthélemy");
        assertThat(saintBarthelemy.location()).isNull();
    }
}
