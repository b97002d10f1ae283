package eu.passerelle.signals;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.Set;

/** When a provider was approved and the days of the week they declared closed. */
public record ProviderProfile(String providerId, Instant approvedAt, Set<DayOfWeek> closedDays) {

    public ProviderProfile {
        closedDays = Set.copyOf(closedDays);
    }
}
