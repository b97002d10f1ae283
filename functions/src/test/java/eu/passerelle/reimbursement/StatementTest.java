package eu.passerelle.reimbursement;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import static eu.passerelle.reimbursement.Ledgers.reversal;
import static eu.passerelle.reimbursement.Ledgers.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class StatementTest {

    private static final Instant AT = Instant.parse("2026-06-10T08:00:00Z");
    private static final Instant CUTOFF = Instant.parse("2026-06-15T04:00:00Z");
    private final Pricing pricing = new Pricing(Ledgers.twoVersions());

    @Test
    void aTariffChangeInsideThePeriodPricesEachSessionByItsOwnDateAndRecordsTheVersion() {
        List<LedgerEntry> entries = List.of(
                session("p", 1, LocalDate.of(2026, 5, 29), "B", AT),
                session("p", 2, LocalDate.of(2026, 6, 2), "B", AT),
                session("p", 3, LocalDate.of(2026, 6, 3), "A", AT));

        Statement s = Statement.settle("run", "p", Watermark.NONE, entries, CUTOFF, pricing, AT).orElseThrow();

        assertThat(s.lines()).extracting(StatementLine::ruleVersion).containsExactly(1, 2, 2);
        assertThat(s.lines()).extracting(StatementLine::amountCents).containsExactly(5000L - 500, 6000L - 700, 6000L);
        assertThat(s.linesTotalCents()).isEqualTo(4500 + 5300 + 6000);
        assertThat(s.payableCents()).isEqualTo(s.linesTotalCents());
        assertThat(s.settledThrough()).isEqualTo(3);
    }

    @Test
    void aCancellationAfterSettlementIsANegativeLinePricedLikeTheSessionItCancels() {
        LedgerEntry paid = session("p", 1, LocalDate.of(2026, 5, 29), "B", AT);
        List<LedgerEntry> entries = List.of(reversal("p", 2, paid, AT), session("p", 3, LocalDate.of(2026, 6, 2), "A", AT));

        Statement s = Statement.settle("run", "p", new Watermark(1, 0, "earlier"), entries, CUTOFF, pricing, AT).orElseThrow();

        assertThat(s.lines()).extracting(StatementLine::amountCents).containsExactly(-4500L, 6000L);
        assertThat(s.lines().get(0).ruleVersion()).isEqualTo(1);
        assertThat(s.payableCents()).isEqualTo(1500);
        assertThat(s.carriedOutCents()).isZero();
    }

    @Test
    void aNegativeBalanceIsCarriedForwardAndSetAgainstTheNextStatement() {
        LedgerEntry paid = session("p", 1, LocalDate.of(2026, 5, 29), "A", AT);
        Statement first = Statement.settle("run1", "p", new Watermark(1, 0, "earlier"), List.of(reversal("p", 2, paid, AT)),
                CUTOFF, pricing, AT).orElseThrow();
        assertThat(first.balanceCents()).isEqualTo(-5000);
        assertThat(first.payableCents()).isZero();
        assertThat(first.carriedOutCents()).isEqualTo(-5000);

        Statement next = Statement.settle("run2", "p", first.watermarkAfter(),
                List.of(session("p", 3, LocalDate.of(2026, 6, 4), "A", AT), session("p", 4, LocalDate.of(2026, 6, 5), "A", AT)),
                CUTOFF, pricing, AT).orElseThrow();
        assertThat(next.carriedInCents()).isEqualTo(-5000);
        assertThat(next.linesTotalCents()).isEqualTo(12000);
        assertThat(next.payableCents()).isEqualTo(7000);
        assertThat(next.carriedOutCents()).isZero();
    }

    @Test
    void aSessionCancelledBeforeAnyRunIsLeftOffTogetherWithItsReversal() {
        LedgerEntry s1 = session("p", 1, LocalDate.of(2026, 6, 2), "A", AT);
        List<LedgerEntry> entries = List.of(s1, session("p", 2, LocalDate.of(2026, 6, 3), "A", AT), reversal("p", 3, s1, AT));

        Statement s = Statement.settle("run", "p", Watermark.NONE, entries, CUTOFF, pricing, AT).orElseThrow();

        assertThat(s.lines()).extracting(StatementLine::sequence).containsExactly(2L);
        assertThat(s.settledThrough()).isEqualTo(3);
    }

    @Test
    void onlyThePrefixUpToTheCutOffIsSettledSoTheWatermarkMeansEverythingUpToHere() {
        List<LedgerEntry> entries = List.of(
                session("p", 5, LocalDate.of(2026, 6, 2), "A", AT),
                session("p", 6, LocalDate.of(2026, 6, 3), "A", CUTOFF.plusSeconds(1)),
                session("p", 7, LocalDate.of(2026, 6, 3), "A", AT));

        Statement s = Statement.settle("run", "p", new Watermark(4, 0, "r"), entries, CUTOFF, pricing, AT).orElseThrow();

        assertThat(s.settledAfter()).isEqualTo(4);
        assertThat(s.settledThrough()).isEqualTo(5);
        assertThat(Statement.settle("run", "p", new Watermark(7, 0, "r"), entries, CUTOFF, pricing, AT)).isEmpty();
    }

    @Test
    void aGapInTheLedgerStopsTheStatementBeforeIt() {
        Optional<Statement> s = Statement.settle("run", "p", new Watermark(1, 0, "r"),
                List.of(session("p", 3, LocalDate.of(2026, 6, 2), "A", AT)), CUTOFF, pricing, AT);
        assertThat(s).isEmpty();
    }

    @Test
    void moneyPaidIsSummedPerDepartmentMonthOfSessionAndServiceWithReversalsNegative() {
        LedgerEntry mayParis = session("p", 1, LocalDate.of(2026, 5, 29), "A", AT);
        LedgerEntry juneParis = session("p", 3, LocalDate.of(2026, 6, 2), "A", AT);
        LedgerEntry juneLyon = inDepartment(session("p", 4, LocalDate.of(2026, 6, 3), "A", AT), "69");
        List<LedgerEntry> entries = List.of(reversal("p", 2, mayParis, AT), juneParis, juneLyon,
                session("p", 5, LocalDate.of(2026, 6, 9), "B", AT));

        Statement s = Statement.settle("run", "p", new Watermark(1, 0, "earlier"), entries, CUTOFF, pricing, AT).orElseThrow();

        assertThat(s.paidByCell()).containsOnly(
                entry(new PaidCell("75", YearMonth.of(2026, 5), "psychologist"), -5000L),
                entry(new PaidCell("75", YearMonth.of(2026, 6), "psychologist"), 6000L + 5300L),
                entry(new PaidCell("69", YearMonth.of(2026, 6), "psychologist"), 6000L));
        assertThat(s.paidByCell().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(s.linesTotalCents());
    }

    @Test
    void aStatementStopsBeforeANinthPaidCellSoItsCountersFitTheTransaction() {
        List<LedgerEntry> entries = new java.util.ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            entries.add(inDepartment(session("p", i, LocalDate.of(2026, 6, 2), "A", AT), String.format("%02d", i)));
        }
        entries.add(inDepartment(session("p", 13, LocalDate.of(2026, 6, 3), "A", AT), "01"));

        Statement s = Statement.settle("run", "p", Watermark.NONE, entries, CUTOFF, pricing, AT).orElseThrow();

        assertThat(s.paidByCell()).hasSize(Statement.MAX_PAID_CELLS);
        assertThat(s.settledThrough()).isEqualTo(Statement.MAX_PAID_CELLS);
        Statement next = Statement.settle("run2", "p", s.watermarkAfter(), entries, CUTOFF, pricing, AT).orElseThrow();
        assertThat(next.settledAfter()).isEqualTo(8);
        assertThat(next.settledThrough()).isEqualTo(13);
    }

    private static LedgerEntry inDepartment(LedgerEntry e, String department) {
        return new LedgerEntry(e.providerId(), e.sequence(), e.kind(), e.redemptionId(), e.voucherId(), e.code(), e.service(),
                e.sessionDate(), e.ruleSequence(), e.incomeTier(), e.at(), e.reverses(), department);
    }

    @Test
    void linesThatDoNotAddUpToTheTotalAreRefused() {
        StatementLine line = new StatementLine(1, LedgerEntry.Kind.REDEMPTION, "C", "psychologist", LocalDate.of(2026, 6, 2),
                2, 6000, 0, 6000, null, "75");
        assertThatThrownBy(() -> new Statement("run", "p", "ref", 0, 1, List.of(line), 5000, 0, 5000, 5000, 0, AT))
                .isInstanceOf(Statement.TotalsMismatch.class);
        StatementSummary summary = new StatementSummary("run", "p", "ref", 0, 1, 1, 6000, 0, 6000, 6000, 0, AT);
        assertThatThrownBy(() -> summary.checkLines(List.of(line, line))).isInstanceOf(Statement.TotalsMismatch.class);
    }

    @Test
    void aSessionWithoutARuleVersionInForceIsNeverPaidAGuess() {
        assertThatThrownBy(() -> pricing.price(session("p", 1, LocalDate.of(2025, 12, 31), "A", AT)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void statementsAsCsvListSessionsByVoucherCodeWithRuleVersionAndAmounts() {
        LedgerEntry paid = session("p", 1, LocalDate.of(2026, 5, 29), "B", AT);
        Statement s = Statement.settle("20260615T040000Z-S", "p", new Watermark(1, 0, "x"),
                List.of(reversal("p", 2, paid, AT), session("p", 3, LocalDate.of(2026, 6, 2), "B", AT)), CUTOFF, pricing, AT)
                .orElseThrow();
        String csv = StatementCsv.render(s);
        assertThat(csv.split("\r\n")).hasSize(1 + 2 + 4);
        assertThat(csv).contains(";annulation;PSY-CODE-1;psychologist;29/05/2026;1;50,00;5,00;-45,00")
                .contains(";seance;PSY-CODE-3;psychologist;02/06/2026;2;60,00;7,00;53,00")
                .contains(";;verse;;;;;;;8,00");
    }
}
