package eu.passerelle.directory;

import eu.passerelle.Rejection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private final Map<String, String> frenchAreas;
    private final Map<String, String> belgianAreas;

    private PostalCodeDirectory(Map<String, PostalArea> france, Map<String, PostalArea> belgium) {
        this.france = france;
        this.belgium = belgium;
        this.frenchAreas = areaNames(france);
        this.belgianAreas = areaNames(belgium);
    }

    private static Map<String, String> areaNames(Map<String, PostalArea> areas) {
        Map<String, String> names = new java.util.TreeMap<>();
        areas.values().forEach(a -> a.areas().forEach(d -> names.put(d.code(), d.name())));
        return Map.copyOf(names);
    }

    /** Every department (FR) or province (BE) code a postal code lies in. */
    public java.util.Set<String> areaCodes(Country country) {
        return (country == Country.FR ? frenchAreas : belgianAreas).keySet();
    }

    /** The name of a department (FR) or province (BE), if known. */
    public Optional<String> areaName(Country country, String code) {
        return Optional.ofNullable((country == Country.FR ? frenchAreas : belgianAreas).get(code));
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

    /** A department with the areas every postal code of it shares. */
    private record Department(AdministrativeArea area, AdministrativeArea region) {
    }

    // Loading runs once per container, on the first request of a cold start: plain loops, rows
    // streamed from the tables and one shared instance per department keep it short and light
    // on the heap (same result as grouping with streams).
    private static Map<String, PostalArea> loadFrance() {
        Map<String, Department> departments = new HashMap<>();
        ReferenceTable.forEachRow(FR_DEPARTMENTS, FR_DEPARTMENTS_HEADER, r -> {
            Department d = new Department(new AdministrativeArea(r[0], r[1]), new AdministrativeArea(r[2], r[3]));
            if (departments.putIfAbsent(r[0], d) != null) {
                throw new IllegalStateException("Duplicate key " + r[0] + " in " + FR_DEPARTMENTS);
            }
        });
        Map<String, List<Locality>> byCode = new LinkedHashMap<>();
        ReferenceTable.forEachRow(FR_COMMUNES, FR_COMMUNES_HEADER, r -> {
            Department department = departments.get(r[3]);
            if (department == null) {
                throw new IllegalStateException("Commune " + r[1] + " in unknown department " + r[3]);
            }
            byCode.computeIfAbsent(r[0], k -> new ArrayList<>(2))
                    .add(new Locality(r[1], r[2], department.area().code(), point(r[4], r[5])));
        });
        Map<String, PostalArea> areas = new HashMap<>(byCode.size() * 2);
        for (Map.Entry<String, List<Locality>> e : byCode.entrySet()) {
            List<Locality> localities = e.getValue();
            List<AdministrativeArea> touched = new ArrayList<>(1);
            for (Locality l : localities) {
                AdministrativeArea area = departments.get(l.areaCode()).area();
                if (!touched.contains(area)) {
                    touched.add(area);
                }
            }
            AdministrativeArea main = mainArea(localities, touched);
            areas.put(e.getKey(), new PostalArea(Country.FR, e.getKey(), centroid(localities),
                    localities, main, touched, departments.get(main.code()).region()));
        }
        return Map.copyOf(areas);
    }

    private static Map<String, PostalArea> loadBelgium() {
        Map<String, List<String[]>> byCode = new LinkedHashMap<>();
        ReferenceTable.forEachRow(BE_POSTCODES, BE_POSTCODES_HEADER,
                r -> byCode.computeIfAbsent(r[0], k -> new ArrayList<>(4)).add(r));
        Map<String, PostalArea> areas = new HashMap<>(byCode.size() * 2);
        for (Map.Entry<String, List<String[]>> e : byCode.entrySet()) {
            List<String[]> rows = e.getValue();
            List<Locality> localities = new ArrayList<>(rows.size());
            Map<String, String> provinceNames = new LinkedHashMap<>();
            for (String[] r : rows) {
                localities.add(new Locality(null, r[1], r[2], point(r[6], r[7])));
                provinceNames.putIfAbsent(r[2], r[3]);
            }
            List<AdministrativeArea> touched = new ArrayList<>(provinceNames.size());
            provinceNames.forEach((code, name) -> touched.add(new AdministrativeArea(code, name)));
            AdministrativeArea main = mainArea(localities, touched);
            String[] first = null;
            for (String[] r : rows) {
                if (r[2].equals(main.code())) {
                    first = r;
                    break;
                }
            }
            areas.put(e.getKey(), new PostalArea(Country.BE, e.getKey(), centroid(localities),
                    localities, main, touched, new AdministrativeArea(first[4], first[5])));
        }
        return Map.copyOf(areas);
    }

    /** Some overseas collectivities (977, 978, 986–988) have no coordinates in the sources. */
    private static GeoPoint point(String latitude, String longitude) {
        return latitude.isEmpty() || longitude.isEmpty()
                ? null
                : new GeoPoint(Double.parseDouble(latitude), Double.parseDouble(longitude));
    }

    private static GeoPoint centroid(List<Locality> localities) {
        List<GeoPoint> located = new ArrayList<>(localities.size());
        for (Locality l : localities) {
            if (l.location() != null) {
                located.add(l.location());
            }
        }
        return located.isEmpty() ? null : GeoPoint.centroid(located);
    }

    /** The area holding most of the localities; ties go to the first listed. */
    private static AdministrativeArea mainArea(List<Locality> localities, List<AdministrativeArea> touched) {
        if (touched.size() == 1) {
            return touched.get(0);
        }
        AdministrativeArea main = null;
        long mainCount = -1;
        for (AdministrativeArea a : touched) {
            long count = 0;
            for (Locality l : localities) {
                if (l.areaCode().equals(a.code())) {
                    count++;
                }
            }
            if (count > mainCount) {
                main = a;
                mainCount = count;
            }
        }
        return main;
    }
}
