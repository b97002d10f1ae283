package eu.passerelle.redemption;

import java.util.Optional;

/** Reads what the redemption consumer needs of a voucher. */
public interface VoucherFactsSource {
    Optional<VoucherFacts> facts(String voucherId);
}
