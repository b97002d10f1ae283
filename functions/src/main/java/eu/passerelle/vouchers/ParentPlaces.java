package eu.passerelle.vouchers;

import java.util.Optional;

/** The department (FR) or province (BE) of a parent's postal code, for the coordination's figures. */
@FunctionalInterface
public interface ParentPlaces {

    /** @return empty when the postal code is unknown */
    Optional<String> department(String postalCode);

    ParentPlaces NONE = postalCode -> Optional.empty();
}
