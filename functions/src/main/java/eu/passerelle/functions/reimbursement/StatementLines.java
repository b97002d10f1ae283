package eu.passerelle.functions.reimbursement;

import eu.passerelle.reimbursement.LedgerEntry;
import eu.passerelle.reimbursement.StatementLine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Statement lines stored compactly, one per text line and tab-separated fields, 500 to a
 * DynamoDB item: a statement stays a handful of items however many sessions it pays.
 */
final class StatementLines {

    private StatementLines() {
    }

    static String encode(List<StatementLine> lines) {
        StringBuilder b = new StringBuilder(lines.size() * 64);
        for (StatementLine l : lines) {
            if (!b.isEmpty()) {
                b.append('\n');
            }
            b.append(l.sequence()).append('\t').append(l.kind() == LedgerEntry.Kind.REVERSAL ? 'X' : 'R').append('\t')
                    .append(l.code()).append('\t').append(l.service()).append('\t').append(l.sessionDate()).append('\t')
                    .append(l.ruleVersion()).append('\t').append(l.tariffCents()).append('\t').append(l.coPaymentCents())
                    .append('\t').append(l.amountCents()).append('\t').append(l.reverses() == null ? "" : l.reverses())
                    .append('\t').append(l.department() == null ? "" : l.department());
        }
        return b.toString();
    }

    static List<StatementLine> decode(String text) {
        List<StatementLine> lines = new ArrayList<>();
        if (text.isEmpty()) {
            return lines;
        }
        for (String row : text.split("\n")) {
            String[] f = row.split("\t", -1);
            lines.add(new StatementLine(Long.parseLong(f[0]), f[1].equals("X") ? LedgerEntry.Kind.REVERSAL : LedgerEntry.Kind.REDEMPTION,
                    f[2], f[3], LocalDate.parse(f[4]), Integer.parseInt(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]),
                    Long.parseLong(f[8]), f[9].isEmpty() ? null : Long.valueOf(f[9]),
                    // Lines stored before the department was recorded have ten fields.
                    f.length < 11 || f[10].isEmpty() ? null : f[10]));
        }
        return lines;
    }
}
