package eu.passerelle.functions.reimbursement;

import eu.passerelle.reimbursement.Run;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What an agent is shown of a run: a link to the payment file only when there is one to download. */
class RunViewTest {

    private static final Instant AT = Instant.parse("2026-06-15T04:00:00Z");

    private static Run completed(String fileReference, int transfers) {
        return new Run("20260615T040000Z-S", "schedule", AT, Run.Status.COMPLETED, AT, AT.plusSeconds(5), 1, 1, 0, 0, 0,
                transfers, fileReference, null);
    }

    @Test
    void aCompletedRunWithNothingToPayOffersNoPaymentFileUrl() {
        assertThat(ReimbursementHandlers.view(completed(null, 0)).paymentFileUrl()).isNull();
    }

    @Test
    void aCompletedRunWithAFileOffersItsPaymentFileUrl() {
        assertThat(ReimbursementHandlers.view(completed("PAS-20260615T040000Z-S", 2)).paymentFileUrl())
                .isEqualTo("/api/back-office/reimbursement-runs/20260615T040000Z-S/payment-file");
    }

    @Test
    void aBlockedRunOffersNoPaymentFileUrlButItsReason() {
        Run blocked = new Run("20260615T040000Z-S", "schedule", AT, Run.Status.BLOCKED, AT, AT.plusSeconds(5), 1, 1, 0, 0, 0,
                0, null, "L'exécution a échoué 3 fois");
        assertThat(ReimbursementHandlers.view(blocked).paymentFileUrl()).isNull();
        assertThat(ReimbursementHandlers.view(blocked).problem()).isEqualTo("L'exécution a échoué 3 fois");
    }
}
