package eu.passerelle.signals;

import java.time.DayOfWeek;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The per-provider counters kept as redemptions apply, and the providers' declared closed days. */
public interface SignalCounters {

    List<ProviderMonth> providerMonths(YearMonth month);

    Map<String, ProviderProfile> profiles(Collection<String> providerIds);

    List<DaySessions> days(String providerId, YearMonth month);

    ProviderProfile profile(String providerId);

    void closedDays(String providerId, Set<DayOfWeek> days);
}
