package eu.passerelle.providers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The directory a search function holds in memory, kept fresh cheaply: at most every
 * {@code checkEvery} it reads the store's directory version (one small read) and reloads the
 * approved providers only when that version moved. Searches between checks never wait on I/O.
 */
public final class LiveProviderDirectory {

    private final ProviderStore store;
    private final Clock clock;
    private final Duration checkEvery;
    private volatile Snapshot snapshot;

    private record Snapshot(ProviderDirectory directory, long version, Instant checkedAt) {
    }

    public LiveProviderDirectory(ProviderStore store, Clock clock, Duration checkEvery) {
        this.store = store;
        this.clock = clock;
        this.checkEvery = checkEvery;
    }

    public ProviderDirectory current() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s != null && now.isBefore(s.checkedAt().plus(checkEvery))) {
            return s.directory();
        }
        synchronized (this) {
            s = snapshot;
            if (s != null && now.isBefore(s.checkedAt().plus(checkEvery))) {
                return s.directory();
            }
            long version = store.directoryVersion();
            if (s != null && s.version() == version) {
                snapshot = new Snapshot(s.directory(), version, now);
                return s.directory();
            }
            // Read the version first: a change landing during the reload is seen at the next check.
            snapshot = new Snapshot(ProviderDirectory.of(store.approved()), version, now);
            return snapshot.directory();
        }
    }
}
