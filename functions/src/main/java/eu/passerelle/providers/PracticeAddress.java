package eu.passerelle.providers;

import eu.passerelle.directory.Country;
import eu.passerelle.directory.GeoPoint;

/**
 * Where a provider receives parents, geocoded from the postal-code data: the commune's position
 * (precise enough to rank providers by distance, without storing a street-level position).
 *
 * @param communeCode the INSEE code (FR) or null (BE)
 * @param areaCode    the department (FR) or province (BE)
 */
public record PracticeAddress(String street, String postalCode, String communeCode, String commune, Country country,
                              String areaCode, GeoPoint location) {
}
