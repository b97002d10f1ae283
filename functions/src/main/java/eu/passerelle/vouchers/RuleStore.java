package eu.passerelle.vouchers;

import java.util.List;

/** Where rule versions live. */
public interface RuleStore {

    /** Every stored version; empty until agents publish a second one (the first is built in). */
    List<RuleVersion> all();

    /**
     * Stores a new version and the closing of the previous one, unless someone published a
     * version meanwhile.
     *
     * @param previous the last version as read, now ending where {@code next} starts
     * @throws eu.passerelle.Rejection CONFLICT on a concurrent publication
     */
    void publish(RuleVersion previous, RuleVersion next);
}
