package eu.passerelle.directory;

import java.util.List;

/**
 * What a postal code stands for: the localities it serves, where it is, and the administrative
 * areas around it.
 *
 * @param location the mean of its localities' positions; null when none is known (some overseas
 *                 collectivities)
 * @param area the department (FR) or province (BE) most of its localities lie in
 * @param areas every department or province its localities lie in (a few codes straddle a border)
 */
public record PostalArea(Country country, String postalCode, GeoPoint location, List<Locality> localities,
                         AdministrativeArea area, List<AdministrativeArea> areas, AdministrativeArea region) {

    public PostalArea {
        localities = List.copyOf(localities);
        areas = List.copyOf(areas);
    }
}
