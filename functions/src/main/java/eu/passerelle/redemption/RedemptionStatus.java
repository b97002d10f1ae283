package eu.passerelle.redemption;

/**
 * Where a redemption stands: accepted and queued, applied to the voucher and the ledger, refused
 * by the checks that need the database, or cancelled by its provider.
 */
public enum RedemptionStatus {
    PENDING, APPLIED, REJECTED, CANCELLED
}
