package eu.passerelle.reimbursement;

/** One credit transfer of a payment file: a provider's positive balance, with the statement's reference. */
public record Transfer(Payee payee, long amountCents, String reference) {

    public Transfer {
        if (amountCents <= 0) {
            throw new IllegalArgumentException("A transfer moves a positive amount");
        }
    }
}
