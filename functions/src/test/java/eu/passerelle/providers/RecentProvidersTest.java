package eu.passerelle.providers;

import eu.passerelle.functions.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RecentProvidersTest {

    final Map<String, Provider> records = new HashMap<>();
    final List<String> reads = new ArrayList<>();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    final RecentProviders recent = new RecentProviders(key -> {
        reads.add(key);
        return Optional.ofNullable(records.get(key));
    }, clock, Duration.ofMinutes(5), 2);

    static Provider provider(String id, ProviderStatus status) {
        return new Provider(id, "account-" + id, status, null, Instant.EPOCH, Instant.EPOCH, null, 1);
    }

    @Test
    void aRecordFoundIsKeptForItsTimeThenReadAgain() {
        records.put("p1", provider("p1", ProviderStatus.APPROVED));
        assertThat(recent.get("p1")).isPresent();
        records.put("p1", provider("p1", ProviderStatus.SUSPENDED));
        clock.advance(Duration.ofMinutes(4));
        assertThat(recent.get("p1").orElseThrow().status()).as("still the record read 4 minutes ago").isEqualTo(ProviderStatus.APPROVED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(recent.get("p1").orElseThrow().status()).isEqualTo(ProviderStatus.SUSPENDED);
        assertThat(reads).containsExactly("p1", "p1");
    }

    @Test
    void anAbsentRecordIsNotKeptSoAProviderJustApprovedIsSeenAtOnce() {
        assertThat(recent.get("p2")).isEmpty();
        records.put("p2", provider("p2", ProviderStatus.APPROVED));
        assertThat(recent.get("p2")).isPresent();
        assertThat(reads).containsExactly("p2", "p2");
    }

    @Test
    void aForgottenRecordIsReadAgain() {
        records.put("p3", provider("p3", ProviderStatus.APPROVED));
        recent.get("p3");
        recent.forget("p3");
        recent.get("p3");
        assertThat(reads).containsExactly("p3", "p3");
    }

    @Test
    void beyondItsCapacityTheLeastRecentlyUsedGoesFirst() {
        for (String id : List.of("a", "b", "c")) {
            records.put(id, provider(id, ProviderStatus.APPROVED));
        }
        recent.get("a");
        recent.get("b");
        recent.get("a");
        recent.get("c");
        reads.clear();
        recent.get("a");
        recent.get("b");
        assertThat(reads).as("b was the least recently used of two kept").containsExactly("b");
    }
}
