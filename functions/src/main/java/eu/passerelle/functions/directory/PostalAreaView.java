package eu.passerelle.functions.directory;

import eu.passerelle.directory.AdministrativeArea;
import eu.passerelle.directory.Country;
import eu.passerelle.directory.GeoPoint;
import eu.passerelle.directory.Locality;
import eu.passerelle.directory.PostalArea;

import java.util.List;

/**
 * The JSON shape of a postal code. France has departments and communes with INSEE codes;
 * Belgium has provinces and localities.
 */
record PostalAreaView(String country, String postalCode, Position location, Area department, Area province,
                      List<Area> departments, List<Area> provinces, Area region, List<Place> communes) {

    record Position(double latitude, double longitude) {
        static Position of(GeoPoint p) {
            return p == null ? null : new Position(Math.round(p.latitude() * 1e5) / 1e5, Math.round(p.longitude() * 1e5) / 1e5);
        }
    }

    record Area(String code, String name) {
        static Area of(AdministrativeArea a) {
            return new Area(a.code(), a.name());
        }
    }

    /** @param code the INSEE code in France, absent in Belgium */
    record Place(String code, String name, String departmentCode, String provinceCode, Position location) {
    }

    static PostalAreaView of(PostalArea area) {
        boolean france = area.country() == Country.FR;
        List<Area> areas = area.areas().stream().map(Area::of).toList();
        List<Place> places = area.localities().stream().map(l -> place(l, france)).toList();
        return new PostalAreaView(area.country().name(), area.postalCode(), Position.of(area.location()),
                france ? Area.of(area.area()) : null, france ? null : Area.of(area.area()),
                france ? areas : null, france ? null : areas, Area.of(area.region()), places);
    }

    private static Place place(Locality l, boolean france) {
        return new Place(l.code(), l.name(), france ? l.areaCode() : null, france ? null : l.areaCode(),
                Position.of(l.location()));
    }
}
