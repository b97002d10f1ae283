package eu.passerelle.directory;

/** A public service and how far it is from where the parent searched. */
public record NearbyPublicService(PublicService service, double distanceKm) {
}
