package eu.passerelle.functions.directory;

import eu.passerelle.directory.NearbyPublicService;
import eu.passerelle.directory.PostalArea;
import eu.passerelle.directory.PublicService;
import eu.passerelle.directory.PublicServiceDirectory;

import java.time.LocalDate;
import java.util.List;

/** The JSON shape of a public-services search; every answer says the data dates from 2016. */
record PublicServicesView(String country, String postalCode, PostalAreaView.Position origin, double radiusKm,
                          Dataset dataset, int total, int limit, int offset, List<Item> services) {

    record Dataset(int year, String label, String source, String licence, String coverage) {
        static final Dataset SERVICE_PUBLIC_2016 = new Dataset(PublicServiceDirectory.DATA_YEAR,
                "Données de " + PublicServiceDirectory.DATA_YEAR + " : adresses et horaires à vérifier auprès du service",
                "Annuaire de l'administration, Service-Public.fr (DILA)", "Licence Ouverte 2.0", "FR");
    }

    record Item(String id, String type, String typeLabel, String typeNote, String name, String postalCode,
                String locality, String communeCode, PostalAreaView.Position location, double distanceKm,
                String phone, String website, LocalDate updated) {
    }

    static PublicServicesView of(PostalArea area, double radiusKm, int total, int limit, int offset,
                                 List<NearbyPublicService> page) {
        return new PublicServicesView(area.country().name(), area.postalCode(),
                PostalAreaView.Position.of(area.location()), radiusKm, Dataset.SERVICE_PUBLIC_2016,
                total, limit, offset, page.stream().map(PublicServicesView::item).toList());
    }

    private static Item item(NearbyPublicService n) {
        PublicService s = n.service();
        return new Item(s.id(), s.type().code(), s.type().label(), s.type().note().orElse(null), s.name(),
                s.postalCode(), s.locality(), s.communeCode(), PostalAreaView.Position.of(s.location()),
                Math.round(n.distanceKm() * 10) / 10.0, s.phone(), s.website(), s.updated());
    }

}
