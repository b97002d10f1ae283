package eu.passerelle.providers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Providers' records as read a short while ago, kept per execution environment, for hot paths
 * that may act on a slightly old record because their own writes re-check what matters: a
 * redemption is opened in a transaction that checks the provider is still approved, and the
 * coordination's figures need only where the practice is. Records found are kept for
 * {@code keep}; absent ones are not kept (a provider just approved is seen at once).
 */
public final class RecentProviders {

    private record Kept(Provider provider, Instant readAt) {
    }

    private final Function<String, Optional<Provider>> read;
    private final Clock clock;
    private final Duration keep;
    private final Map<String, Kept> kept;

    /**
     * @param read     reads a record by the key this cache is keyed on (provider id or account id)
     * @param capacity records kept at most; the least recently used goes first
     */
    public RecentProviders(Function<String, Optional<Provider>> read, Clock clock, Duration keep, int capacity) {
        this.read = read;
        this.clock = clock;
        this.keep = keep;
        this.kept = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
                return size() > capacity;
            }
        };
    }

    public Optional<Provider> get(String key) {
        Instant now = clock.instant();
        synchronized (kept) {
            Kept k = kept.get(key);
            if (k != null && now.isBefore(k.readAt().plus(keep))) {
                return Optional.of(k.provider());
            }
        }
        Optional<Provider> found = read.apply(key);
        synchronized (kept) {
            found.ifPresentOrElse(p -> kept.put(key, new Kept(p, now)), () -> kept.remove(key));
        }
        return found;
    }

    /** Drops a record found out of date (its next use reads it again). */
    public void forget(String key) {
        synchronized (kept) {
            kept.remove(key);
        }
    }
}
