package eu.passerelle.directory;

/**
 * A place a postal code serves: a French commune (or a municipal arrondissement of Paris, Lyon
 * or Marseille) with its INSEE code, or a Belgian locality (no official code in our source).
 *
 * @param code INSEE code for France, null for Belgium
 * @param areaCode the department (FR) or province (BE) it lies in
 * @param location null for the few overseas communes our sources do not place
 */
public record Locality(String code, String name, String areaCode, GeoPoint location) {
}
