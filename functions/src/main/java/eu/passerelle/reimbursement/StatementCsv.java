package eu.passerelle.reimbursement;

import java.time.format.DateTimeFormatter;

/**
 * A statement as CSV for the provider's accounts (semicolon-separated and decimal commas, as
 * French spreadsheets expect): one row per session by voucher code, with its rule version and
 * amounts, then the totals. No parent identity: there is none in a statement.
 */
public final class StatementCsv {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private StatementCsv() {
    }

    public static String render(Statement s) {
        StringBuilder b = new StringBuilder();
        b.append("reference;sequence;type;bon;service;date_seance;version_regles;tarif_eur;participation_eur;montant_eur\r\n");
        for (StatementLine l : s.lines()) {
            b.append(s.reference()).append(';').append(l.sequence()).append(';')
                    .append(l.kind() == LedgerEntry.Kind.REVERSAL ? "annulation" : "seance").append(';')
                    .append(cell(l.code())).append(';').append(cell(l.service())).append(';')
                    .append(DAY.format(l.sessionDate())).append(';').append(l.ruleVersion()).append(';')
                    .append(euros(l.tariffCents())).append(';').append(euros(l.coPaymentCents())).append(';')
                    .append(euros(l.amountCents())).append("\r\n");
        }
        b.append(s.reference()).append(";;total_seances;;;;;;;").append(euros(s.linesTotalCents())).append("\r\n");
        b.append(s.reference()).append(";;report_precedent;;;;;;;").append(euros(s.carriedInCents())).append("\r\n");
        b.append(s.reference()).append(";;verse;;;;;;;").append(euros(s.payableCents())).append("\r\n");
        b.append(s.reference()).append(";;reporte;;;;;;;").append(euros(s.carriedOutCents())).append("\r\n");
        return b.toString();
    }

    static String euros(long cents) {
        String sign = cents < 0 ? "-" : "";
        long abs = Math.abs(cents);
        return sign + abs / 100 + "," + String.format("%02d", abs % 100);
    }

    /** Codes and service names are plain; a formula-looking cell is neutralised anyway. */
    private static String cell(String v) {
        String clean = v.replace(";", " ").replace("\"", " ");
        return clean.matches("^[=+\\-@].*") ? "'" + clean : clean;
    }
}
