package eu.passerelle.directory;

import java.time.LocalDate;

/** A local public office useful to separating parents (2016 snapshot of the Service-Public.fr directory). */
public record PublicService(String id, PublicServiceType type, String name, String postalCode, String locality,
                            String communeCode, GeoPoint location, String phone, String website, LocalDate updated) {
}
