package eu.passerelle.evaluation;

import java.time.YearMonth;
import java.util.Objects;

/**
 * One cell of the coordination figures: a department (or {@link #NATIONAL}), a month in
 * Europe/Paris, a service code.
 */
public record AreaMonth(String area, YearMonth month, String service) {

    /** The area every event is also counted in, for the agents' national view. */
    public static final String NATIONAL = "ALL";
    /** Where a voucher goes whose parent gave no postal code and that is bound to no provider. */
    public static final String UNKNOWN = "NA";

    public AreaMonth {
        Objects.requireNonNull(area);
        Objects.requireNonNull(month);
        Objects.requireNonNull(service);
    }

    public AreaMonth national() {
        return new AreaMonth(NATIONAL, month, service);
    }
}
