package eu.passerelle.directory;

/** A French department or region, a Belgian province or region. */
public record AdministrativeArea(String code, String name) {
}
