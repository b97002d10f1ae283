package eu.passerelle.directory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The public family services of the 2016 Service-Public.fr extract, searchable by distance.
 * A few thousand offices: a bounding-box filter before the haversine keeps a search well under
 * a millisecond without an index.
 */
public final class PublicServiceDirectory {

    /** The year of the snapshot, to be shown with every answer. */
    public static final int DATA_YEAR = 2016;

    static final String RESOURCE = "/reference/public-services.tsv.gz";
    static final String HEADER = "id\ttype\tname\tpostalCode\tlocality\tcommuneCode\tlatitude\tlongitude\tphone\twebsite\tupdated";

    private static final double KM_PER_DEGREE_LATITUDE = 111.2;
    private static final Comparator<NearbyPublicService> NEAREST_FIRST =
            Comparator.comparingDouble(NearbyPublicService::distanceKm)
                    .thenComparing(n -> n.service().name())
                    .thenComparing(n -> n.service().id());

    private final List<PublicService> services;
    private final double[] latitudes;
    private final double[] longitudes;

    PublicServiceDirectory(List<PublicService> services) {
        this.services = List.copyOf(services);
        this.latitudes = services.stream().mapToDouble(s -> s.location().latitude()).toArray();
        this.longitudes = services.stream().mapToDouble(s -> s.location().longitude()).toArray();
    }

    public static PublicServiceDirectory load() {
        List<PublicService> services = new ArrayList<>();
        for (String[] r : ReferenceTable.read(RESOURCE, HEADER)) {
            PublicServiceType type = PublicServiceType.fromCode(r[1])
                    .orElseThrow(() -> new IllegalStateException("Unknown public service type " + r[1]));
            services.add(new PublicService(r[0], type, r[2], r[3], r[4], emptyToNull(r[5]),
                    new GeoPoint(Double.parseDouble(r[6]), Double.parseDouble(r[7])),
                    emptyToNull(r[8]), emptyToNull(r[9]), r[10].isEmpty() ? null : LocalDate.parse(r[10])));
        }
        return new PublicServiceDirectory(services);
    }

    public int size() {
        return services.size();
    }

    /**
     * The services of the given types (all when empty) within {@code radiusKm} of {@code origin},
     * nearest first.
     */
    public List<NearbyPublicService> near(GeoPoint origin, double radiusKm, Set<PublicServiceType> types) {
        double latSpan = radiusKm / KM_PER_DEGREE_LATITUDE;
        // The widest longitude span of the circle is at its edge nearest a pole.
        double cosLat = Math.max(0.01, Math.cos(Math.toRadians(Math.min(89.9, Math.abs(origin.latitude()) + latSpan))));
        double lonSpan = Math.min(180, radiusKm / (KM_PER_DEGREE_LATITUDE * cosLat));
        List<NearbyPublicService> found = new ArrayList<>();
        for (int i = 0; i < latitudes.length; i++) {
            if (Math.abs(latitudes[i] - origin.latitude()) > latSpan
                    || Math.abs(longitudeGap(longitudes[i], origin.longitude())) > lonSpan) {
                continue;
            }
            PublicService service = services.get(i);
            if (!types.isEmpty() && !types.contains(service.type())) {
                continue;
            }
            double d = origin.distanceKm(service.location());
            if (d <= radiusKm) {
                found.add(new NearbyPublicService(service, d));
            }
        }
        found.sort(NEAREST_FIRST);
        return found;
    }

    private static double longitudeGap(double a, double b) {
        double gap = Math.abs(a - b) % 360;
        return gap > 180 ? 360 - gap : gap;
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
