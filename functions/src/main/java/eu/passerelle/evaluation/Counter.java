package eu.passerelle.evaluation;

/**
 * What the coordination counts per department, month and service. Every counter is a sum of
 * signed increments written where the event happens, so a figure is never computed by scanning.
 */
public enum Counter {
    /** Parents who received their first voucher of the service (counted once per parent and service). */
    PARENTS_HELPED("parentsHelped"),
    ISSUED("issued"),
    REDEEMED("redeemed"),
    EXPIRED("expired"),
    RETURNED("returned"),
    /** What the programme owes on vouchers issued and not yet used: tariff minus co-payment. A flow; its running sum is the balance. */
    COMMITTED_CENTS("committedCents"),
    /** What reimbursement runs paid, written by the settlement through {@link MetricsPort#recordPaid}. */
    PAID_CENTS("paidCents"),
    /** Approvals minus suspensions in the month; the running sum is the number of active providers. */
    PROVIDERS_DELTA("providersDelta"),
    /** Redeemed sessions whose parent-to-provider distance is known, and the sum of those distances in metres. */
    DISTANCE_COUNT("distanceCount"),
    DISTANCE_METRES("distanceMetres"),
    DISTANCE_UNDER_5("distanceUnder5"),
    DISTANCE_5_TO_15("distance5to15"),
    DISTANCE_15_TO_30("distance15to30"),
    DISTANCE_OVER_30("distanceOver30");

    private final String attribute;

    Counter(String attribute) {
        this.attribute = attribute;
    }

    /** The stored attribute name. */
    public String attribute() {
        return attribute;
    }

    /** The distance bucket of a session, by whole kilometres. */
    public static Counter bucket(double km) {
        if (km < 5) {
            return DISTANCE_UNDER_5;
        }
        if (km < 15) {
            return DISTANCE_5_TO_15;
        }
        return km < 30 ? DISTANCE_15_TO_30 : DISTANCE_OVER_30;
    }
}
