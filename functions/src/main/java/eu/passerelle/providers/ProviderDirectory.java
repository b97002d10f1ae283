package eu.passerelle.providers;

import eu.passerelle.directory.GeoPoint;
import eu.passerelle.directory.PostalArea;
import eu.passerelle.directory.AdministrativeArea;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The approved providers, indexed in memory for search: by profession, with their positions in
 * flat arrays. A search scans one profession (a few thousand entries for 10,000 providers),
 * rejecting most with a cheap equirectangular bound before the exact distance.
 */
public final class ProviderDirectory {

    /** A provider found near a place, and how far. */
    public record Match(Provider provider, double distanceKm) {
    }

    private static final double KM_PER_DEGREE = 111.2;
    private static final Comparator<Match> NEAREST_FIRST = Comparator.comparingDouble(Match::distanceKm)
            .thenComparing(m -> m.provider().application().displayName())
            .thenComparing(m -> m.provider().id());

    private final Map<Profession, Index> byProfession = new EnumMap<>(Profession.class);
    private final Map<String, Provider> byId = new java.util.HashMap<>();
    private final int size;

    private ProviderDirectory(List<Provider> approved) {
        Map<Profession, List<Provider>> grouped = new EnumMap<>(Profession.class);
        for (Provider p : approved) {
            if (p.listed()) {
                byId.put(p.id(), p);
                grouped.computeIfAbsent(p.application().profession(), k -> new ArrayList<>()).add(p);
            }
        }
        grouped.forEach((profession, providers) -> byProfession.put(profession, new Index(providers)));
        size = grouped.values().stream().mapToInt(List::size).sum();
    }

    public static ProviderDirectory of(List<Provider> approved) {
        return new ProviderDirectory(approved);
    }

    public int size() {
        return size;
    }

    /** A listed provider by id. */
    public java.util.Optional<Provider> find(String id) {
        return java.util.Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /**
     * Approved providers serving {@code place} (within their own radius of it, or covering its
     * department), of one profession or all when null, within {@code radiusKm} of it when given,
     * nearest first.
     */
    public List<Match> search(PostalArea place, Profession profession, Double radiusKm) {
        Set<String> areas = new HashSet<>();
        for (AdministrativeArea a : place.areas()) {
            areas.add(a.code());
        }
        List<Match> found = new ArrayList<>();
        if (profession != null) {
            Index index = byProfession.get(profession);
            if (index != null) {
                index.search(place.location(), areas, radiusKm, found);
            }
        } else {
            byProfession.values().forEach(index -> index.search(place.location(), areas, radiusKm, found));
        }
        found.sort(NEAREST_FIRST);
        return found;
    }

    private static final class Index {
        private final Provider[] providers;
        private final double[] latitudes;
        private final double[] longitudes;
        private final int[] radii;
        private final Set<String>[] departments;

        @SuppressWarnings("unchecked")
        Index(List<Provider> list) {
            int n = list.size();
            providers = list.toArray(Provider[]::new);
            latitudes = new double[n];
            longitudes = new double[n];
            radii = new int[n];
            departments = new Set[n];
            for (int i = 0; i < n; i++) {
                Application a = providers[i].application();
                latitudes[i] = a.address().location().latitude();
                longitudes[i] = a.address().location().longitude();
                radii[i] = a.area().radiusKm();
                departments[i] = Set.copyOf(a.area().departments());
            }
        }

        void search(GeoPoint origin, Set<String> areas, Double radiusKm, List<Match> out) {
            double cos = Math.cos(Math.toRadians(origin.latitude()));
            for (int i = 0; i < providers.length; i++) {
                double dLat = (latitudes[i] - origin.latitude()) * KM_PER_DEGREE;
                double dLon = (longitudes[i] - origin.longitude()) * KM_PER_DEGREE * cos;
                // The flat-earth distance is within 1 % of the true one at these scales: keep a margin.
                double approx = Math.sqrt(dLat * dLat + dLon * dLon);
                boolean coversDepartment = !departments[i].isEmpty() && intersects(departments[i], areas);
                double reach = coversDepartment ? Double.MAX_VALUE : radii[i];
                double limit = Math.min(reach, radiusKm == null ? Double.MAX_VALUE : radiusKm);
                if (approx > limit * 1.02 + 1) {
                    continue;
                }
                double d = origin.distanceKm(new GeoPoint(latitudes[i], longitudes[i]));
                if (d <= limit) {
                    out.add(new Match(providers[i], d));
                }
            }
        }

        private static boolean intersects(Set<String> served, Set<String> areas) {
            for (String a : areas) {
                if (served.contains(a)) {
                    return true;
                }
            }
            return false;
        }
    }
}
