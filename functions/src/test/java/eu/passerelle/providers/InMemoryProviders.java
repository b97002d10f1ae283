package eu.passerelle.providers;

import eu.passerelle.Rejection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Provider records in memory, with the store's promises: versioned updates, one account per record. */
public final class InMemoryProviders implements ProviderStore {

    private final Map<String, Provider> records = new LinkedHashMap<>();
    private final List<AuditEntry> audit = new ArrayList<>();

    @Override
    public synchronized void create(Provider provider, AuditEntry entry) {
        if (records.values().stream().anyMatch(p -> p.accountId().equals(provider.accountId()))) {
            throw ProviderService.alreadyApplied();
        }
        records.put(provider.id(), provider);
        audit.add(entry);
    }

    @Override
    public synchronized void update(Provider before, Provider after, AuditEntry entry, boolean directoryChanged) {
        if (records.get(before.id()).version() != before.version()) {
            throw new Rejection(Rejection.Kind.CONFLICT, "concurrent-change", "Modification simultanée", "", List.of());
        }
        records.put(after.id(), after);
        audit.add(entry);
    }

    @Override
    public synchronized Optional<Provider> find(String providerId) {
        return Optional.ofNullable(records.get(providerId));
    }

    @Override
    public synchronized Optional<Provider> findByAccount(String accountId) {
        return records.values().stream().filter(p -> p.accountId().equals(accountId)).findFirst();
    }

    @Override
    public synchronized Page<Provider> listByStatus(ProviderStatus status, String cursor, int limit) {
        return new Page<>(records.values().stream().filter(p -> p.status() == status).limit(limit).toList(), null);
    }

    @Override
    public synchronized Page<Provider> listPendingBankChanges(String cursor, int limit) {
        return new Page<>(records.values().stream().filter(p -> p.bank().pending() != null)
                .sorted(Comparator.comparing(p -> p.bank().pending().requestedAt())).limit(limit).toList(), null);
    }

    @Override
    public synchronized List<AuditEntry> audit(String providerId) {
        return audit.stream().filter(e -> e.providerId().equals(providerId)).toList();
    }

    @Override
    public synchronized List<Provider> approved() {
        return records.values().stream().filter(Provider::listed).toList();
    }

    @Override
    public long directoryVersion() {
        return 0;
    }
}
