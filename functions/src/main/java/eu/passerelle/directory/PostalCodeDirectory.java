package eu.passerelle.directory;

import eu.passerelle.Rejection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every French postal code with its communes and every Belgian postcode with its localities,
 * held in memory: loaded once per container, then each lookup is a hash probe.
 */
public final class PostalCodeDirectory {

    static final String FR_COMMUNES = "/reference/fr-communes.tsv.gz";
    static final String FR_COMMUNES_HEADER = "postalCode\tcommuneCode\tname\tdepartmentCode\tlatitude\tlongitude\tcoordinateSource";
    static final String FR_DEPARTMENTS = "/reference/fr-departments.tsv";
    static final String FR_DEPARTMENTS_HEADER = "code\tname\tregionCode\tregionName";
    static final String BE_POSTCODES = "/reference/be-postcodes.tsv.gz";
    static final String BE_POSTCODES_HEADER = "postcode\tplace\tprovinceCode\tprovinceName\tregionCode\tregionName\tlatitude\tlongitude";

    private final Map<String, PostalArea> france;
    private final Map<String, PostalArea> belgium;

    private PostalCodeDirectory(Map<String, PostalArea> france, Map<String, PostalArea> belgium) {
        this.france = france;
        this.belgium = belgium;
    }

    /** Loads the reference tables shipped with the functions. */
    public static PostalCodeDirectory load() {
        return new PostalCodeDirectory(loadFrance(), loadBelgium());
    }

    /**
     * Looks a postal code up.
     *
     * @throws Rejection when the code is malformed for that country
     */
    public Optional<PostalArea> find(Country country, String postalCode) {
        Map<String, PostalArea> areas = country == Country.FR ? france : belgium;
        return Optional.ofNullable(areas.get(postalCode));
    }

    /** Like {@link #find} but an unknown code is a rejection that names the parameter. */
    public PostalArea require(Country country, String postalCode) {
        return find(country, postalCode).orElseThrow(() -> Rejection.notFound("unknown-postal-code",
                "Code postal inconnu",
                "Le code postal " + postalCode + " n'existe pas en " + (country == Country.FR ? "France" : "Belgique") + "."));
    }

    public int size(Country country) {
        return (country == Country.FR ? france : belgium).size();
    }

    /** Every known code of a country, in order: for tests, priming and benchmarks. */
    public List<String> codes(Country country) {
        return (country == Country.FR ? france : belgium).keySet().stream().sorted().toList();
    }

    private static Map<String, PostalArea> loadFrance() {
        Map<String, String[]> departments = ReferenceTable.read(FR_DEPARTMENTS, FR_DEPARTMENTS_HEADER).stream()
                .collect(Collectors.toMap(r -> r[0], Function.identity()));
        Map<String, List<Locality>> byCode = new LinkedHashMap<>();
        for (String[] r : ReferenceTable.read(FR_COMMUNES, FR_COMMUNES_HEADER)) {
            if (!departments.containsKey(r[3])) {
                throw new IllegalStateException("Commune " + r[1] + " in unknown department " + r[3]);
            }
            byCode.computeIfAbsent(r[0], k -> new ArrayList<>(2)).add(new Locality(r[1], r[2], r[3], point(r[4], r[5])));
        }
        Map<String, PostalArea> areas = new HashMap<>(byCode.size() * 2);
        byCode.forEach((code, localities) -> {
            List<AdministrativeArea> touched = localities.stream().map(Locality::areaCode).distinct()
                    .map(d -> new AdministrativeArea(d, departments.get(d)[1])).toList();
            AdministrativeArea main = mainArea(localities, touched);
            String[] department = departments.get(main.code());
            areas.put(code, new PostalArea(Country.FR, code, centroid(localities),
                    localities, main, touched, new AdministrativeArea(department[2], department[3])));
        });
        return Map.copyOf(areas);
    }

    private static Map<String, PostalArea> loadBelgium() {
        Map<String, List<String[]>> byCode = new LinkedHashMap<>();
        for (String[] r : ReferenceTable.read(BE_POSTCODES, BE_POSTCODES_HEADER)) {
            byCode.computeIfAbsent(r[0], k -> new ArrayList<>(4)).add(r);
        }
        Map<String, PostalArea> areas = new HashMap<>(byCode.size() * 2);
        byCode.forEach((code, rows) -> {
            List<Locality> localities = rows.stream().map(r -> new Locality(null, r[1], r[2], point(r[6], r[7]))).toList();
            Map<String, String> provinceNames = new LinkedHashMap<>();
            rows.forEach(r -> provinceNames.putIfAbsent(r[2], r[3]));
            List<AdministrativeArea> touched = provinceNames.entrySet().stream()
                    .map(e -> new AdministrativeArea(e.getKey(), e.getValue())).toList();
            AdministrativeArea main = mainArea(localities, touched);
            String[] first = rows.stream().filter(r -> r[2].equals(main.code())).findFirst().orElseThrow();
            areas.put(code, new PostalArea(Country.BE, code, centroid(localities),
                    localities, main, touched, new AdministrativeArea(first[4], first[5])));
        });
        return Map.copyOf(areas);
    }

    /** Some overseas collectivities (977, 978, 986–988) have no coordinates in the sources. */
    private static GeoPoint point(String latitude, String longitude) {
        return latitude.isEmpty() || longitude.isEmpty()
                ? null
                : new GeoPoint(Double.parseDouble(latitude), Double.parseDouble(longitude));
    }

    private static GeoPoint centroid(List<Locality> localities) {
        List<GeoPoint> located = localities.stream().map(Locality::location).filter(Objects::nonNull).toList();
        return located.isEmpty() ? null : GeoPoint.centroid(located);
    }

    /** The area holding most of the localities; ties go to the first listed. */
    private static AdministrativeArea mainArea(List<Locality> localities, List<AdministrativeArea> touched) {
        if (touched.size() == 1) {
            return touched.get(0);
        }
        Map<String, Long> counts = localities.stream()
                .collect(Collectors.groupingBy(Locality::areaCode, Collectors.counting()));
        return touched.stream().max(Comparator.comparingLong((AdministrativeArea a) -> counts.get(a.code()))
                .thenComparing(a -> -touched.indexOf(a))).orElseThrow();
    }
}
