package eu.passerelle.signals;

import java.time.YearMonth;
import java.util.List;

/**
 * Something an agent should look at, with the facts behind it. A signal never blocks a
 * payment: it is a reason to ask, not a verdict.
 */
public record Signal(String providerId, String department, String service, YearMonth month, Kind kind, String summary,
                     List<String> evidence) {

    public enum Kind {
        VOLUME_ABOVE_PEERS("volume-above-peers"),
        SAME_DAY_CLUSTER("same-day-cluster"),
        CLOSED_DAY("closed-day"),
        LAST_DAY_OF_VALIDITY("last-day-of-validity"),
        JUMP_AFTER_APPROVAL("jump-after-approval");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public Signal {
        evidence = List.copyOf(evidence);
    }
}
