package eu.passerelle.vouchers;

/** Where a voucher stands. "Expired" is not stored: an issued voucher past its date is expired. */
public enum VoucherStatus {
    ISSUED, REDEEMED, RETURNED
}
