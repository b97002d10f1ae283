package eu.passerelle.reimbursement;

/**
 * What the programme owes for one session: the tariff of the rule version in force on the
 * session date minus the parent's co-payment in that version.
 */
public record PricedSession(int ruleVersion, long tariffCents, long coPaymentCents) {

    public long amountCents() {
        return tariffCents - coPaymentCents;
    }
}
