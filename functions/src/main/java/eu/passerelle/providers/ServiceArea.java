package eu.passerelle.providers;

import java.util.List;

/**
 * Where a provider sees parents: within a radius of their practice, and/or anywhere in some
 * departments (FR) or provinces (BE).
 *
 * @param radiusKm    0 when only departments count
 * @param departments department or province codes, possibly empty
 */
public record ServiceArea(int radiusKm, List<String> departments) {

    public ServiceArea {
        departments = List.copyOf(departments);
    }
}
