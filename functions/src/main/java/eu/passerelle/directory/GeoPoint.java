package eu.passerelle.directory;

/** A WGS 84 position in decimal degrees. */
public record GeoPoint(double latitude, double longitude) {

    private static final double EARTH_RADIUS_KM = 6371.0088;

    public GeoPoint {
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("Not a WGS 84 position: " + latitude + ", " + longitude);
        }
    }

    /** Great-circle distance (haversine), accurate to well under 0.5 % at the scales we show. */
    public double distanceKm(GeoPoint other) {
        double lat1 = Math.toRadians(latitude);
        double lat2 = Math.toRadians(other.latitude);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(other.longitude - longitude);
        double sinLat = Math.sin(dLat / 2);
        double sinLon = Math.sin(dLon / 2);
        double a = sinLat * sinLat + Math.cos(lat1) * Math.cos(lat2) * sinLon * sinLon;
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** The mean position of some points; fine for the small spans of a postal code. */
    public static GeoPoint centroid(Iterable<GeoPoint> points) {
        double lat = 0;
        double lon = 0;
        int n = 0;
        for (GeoPoint p : points) {
            lat += p.latitude;
            lon += p.longitude;
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException("No points");
        }
        return new GeoPoint(lat / n, lon / n);
    }
}
