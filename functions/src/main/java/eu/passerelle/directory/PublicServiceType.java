package eu.passerelle.directory;

import java.util.Optional;

/** The kinds of public office in the 2016 Service-Public.fr extract, with how we name them. */
public enum PublicServiceType {
    CAF("caf", "Caisse d'allocations familiales (Caf)", null),
    POINT_INFO_FAMILLE("pif", "Point info famille", null),
    LEGAL_ADVICE("permanence_juridique", "Permanence juridique gratuite", null),
    MAISON_DE_JUSTICE("mjd", "Maison de justice et du droit", null),
    CIDFF("cidf", "Centre d'information sur les droits des femmes et des familles (CIDFF)", null),
    PMI("pmi", "Protection maternelle et infantile (PMI)", null),
    YOUTH_INFORMATION("cij", "Information jeunesse", null),
    TRIBUNAL_GRANDE_INSTANCE("tgi", "Tribunal de grande instance",
            "Depuis 2020, les tribunaux de grande instance et d'instance forment les tribunaux judiciaires."),
    TRIBUNAL_INSTANCE("ti", "Tribunal d'instance",
            "Depuis 2020, les tribunaux de grande instance et d'instance forment les tribunaux judiciaires.");

    private final String code;
    private final String label;
    private final String note;

    PublicServiceType(String code, String label, String note) {
        this.code = code;
        this.label = label;
        this.note = note;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** What changed since the 2016 snapshot, when something did. */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }

    public static Optional<PublicServiceType> fromCode(String code) {
        for (PublicServiceType t : values()) {
            if (t.code.equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
