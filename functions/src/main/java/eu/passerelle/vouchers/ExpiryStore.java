package eu.passerelle.vouchers;

import java.time.LocalDate;

/** Marks unused vouchers as expired for good, once each. */
public interface ExpiryStore {

    /**
     * Counts as expired every voucher still issued whose last day was {@code lastDay}, and lets
     * it be deleted after its grace period. Running it again changes nothing.
     *
     * @return how many vouchers this call marked
     */
    int expire(LocalDate lastDay);
}
