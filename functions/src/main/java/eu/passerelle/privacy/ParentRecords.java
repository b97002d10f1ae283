package eu.passerelle.privacy;

import eu.passerelle.vouchers.Voucher;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What Passerelle holds about a parent, for export and erasure. */
public interface ParentRecords {

    List<Voucher> vouchers(String parentId);

    /** Sessions used per service (all but returned vouchers). */
    Map<String, Integer> quotas(String parentId);

    /**
     * Removes the parent from every record: unused vouchers are voided (counted as returned),
     * used ones keep their id, service, provider and amounts (the payment records point to them)
     * but no longer name the parent; quotas go.
     *
     * @return how many vouchers were touched
     */
    int erase(String parentId, Instant at);
}
