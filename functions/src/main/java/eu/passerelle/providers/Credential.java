package eu.passerelle.providers;

/**
 * The proof of a provider's profession, checked in form when applying and by an agent before
 * approval:
 * <ul>
 *   <li>psychologists: an RPPS number (11 digits, Luhn key) or an ADELI number (9 digits);</li>
 *   <li>lawyers: their bar and their registration number there;</li>
 *   <li>family mediators: the Diplôme d'État de médiateur familial (DEMF);</li>
 *   <li>social workers: the Diplôme d'État d'assistant de service social (DEASS).</li>
 * </ul>
 *
 * @param kind   {@code RPPS}, {@code ADELI}, {@code BAR}, {@code DEMF} or {@code DEASS}
 * @param number the register or diploma number, as the register writes it
 * @param issuer the bar, or the school or authority that awarded the diploma (null for RPPS/ADELI)
 * @param year   the year of registration or award (null for RPPS/ADELI)
 */
public record Credential(String kind, String number, String issuer, Integer year) {

    /** What makes two applications claim the same credential. */
    public String uniqueKey() {
        return kind + "#" + (issuer == null ? "" : issuer.toLowerCase(java.util.Locale.ROOT) + "#") + number;
    }
}
