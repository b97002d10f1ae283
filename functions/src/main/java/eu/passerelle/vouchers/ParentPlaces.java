package eu.passerelle.vouchers;

import eu.passerelle.directory.GeoPoint;

import java.util.Optional;

/**
 * Where a parent's postal code lies: its department (FR) or province (BE), for the coordination's
 * figures, and the centre of its postal area (never a street), for the distance to the provider.
 */
@FunctionalInterface
public interface ParentPlaces {

    /** @param location the postal area's centre, or null when unknown */
    record ParentPlace(String department, GeoPoint location) {
    }

    /** @return empty when the postal code is unknown */
    Optional<ParentPlace> place(String postalCode);

    ParentPlaces NONE = postalCode -> Optional.empty();
}
