package eu.passerelle.benchmarks;

import eu.passerelle.directory.Country;
import eu.passerelle.directory.PostalArea;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.functions.providers.DynamoProviderStore;
import eu.passerelle.functions.providers.ProviderItems;
import eu.passerelle.providers.Application;
import eu.passerelle.providers.AuditEntry;
import eu.passerelle.providers.BankAccount;
import eu.passerelle.providers.Contact;
import eu.passerelle.providers.Credential;
import eu.passerelle.providers.PracticeAddress;
import eu.passerelle.providers.Profession;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderStatus;
import eu.passerelle.providers.ServiceArea;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fictitious approved providers, generated deterministically: provider {@code i} practises at
 * the {@code i}-th postal code of a fixed shuffle of every located French and Belgian code (10,000
 * providers cover all 7,400 of them, some twice), with the four professions in turn, a radius of
 * 5 to 40 km, and one in five also serving its whole department or province.
 */
final class ProviderFixtures {

    static final int PROVIDERS = 10_000;
    static final Instant SUBMITTED = Instant.parse("2026-01-05T09:00:00Z");
    private static final Profession[] PROFESSIONS = Profession.values();

    private ProviderFixtures() {
    }

    /** Every postal code with a position, French then Belgian, in a fixed pseudo-random order. */
    static List<PostalArea> locatedAreas(PostalCodeDirectory directory, long seed) {
        List<PostalArea> areas = new ArrayList<>();
        for (Country country : Country.values()) {
            for (String code : directory.codes(country)) {
                directory.find(country, code).filter(a -> a.location() != null).ifPresent(areas::add);
            }
        }
        Collections.shuffle(areas, new Random(seed));
        return areas;
    }

    static List<Provider> generate(PostalCodeDirectory directory, int count) {
        List<PostalArea> places = locatedAreas(directory, 20261123L);
        Random random = new Random(2026);
        List<Provider> providers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            PostalArea place = places.get(i % places.size());
            Profession profession = PROFESSIONS[i % PROFESSIONS.length];
            boolean french = place.country() == Country.FR;
            var locality = place.localities().get(0);
            PracticeAddress address = new PracticeAddress((1 + i % 90) + " rue de l'Exemple", place.postalCode(),
                    french ? locality.code() : null, locality.name(), place.country(), place.area().code(), place.location());
            ServiceArea area = new ServiceArea(5 + random.nextInt(36), i % 5 == 0 ? List.of(place.area().code()) : List.of());
            Credential credential = switch (profession) {
                case PSYCHOLOGIST -> new Credential("ADELI", String.format("%09d", 100_000_000 + i), null, null);
                case LAWYER -> new Credential("BAR", "BENCH-" + i, "Barreau fictif " + place.area().code(), null);
                case FAMILY_MEDIATOR -> new Credential("DEMF", "BENCH-" + i, "Institut fictif", 2010);
                case SOCIAL_WORKER -> new Credential("DEASS", "BENCH-" + i, "École fictive", 2001);
            };
            Application application = new Application("Fictif " + i, profession, credential, address, area,
                    i % 3 == 0 ? List.of("fr", "en") : List.of("fr"), i % 2 == 0, i % 4 == 0,
                    new Contact(String.format("01 00 %02d %02d %02d", i / 10_000 % 100, i / 100 % 100, i % 100), null,
                            "https://fictif.passerelle.invalid/" + i, Set.of("phone", "website")),
                    new BankAccount("FR7630006000011234567890189", "AGRIFRPP"), "2026-01", SUBMITTED);
            providers.add(new Provider(String.format("PBENCH%06d", i), "bench-account-" + i, ProviderStatus.APPROVED,
                    application, SUBMITTED, SUBMITTED, null, 2));
        }
        return providers;
    }

    /**
     * Loads provider records as the store writes them (its own mapping), 25 to a BatchWriteItem,
     * a few threads at a time. Search reads only these records (through the {@code byStatus}
     * index) and the directory version; the account and credential guards and the audit trail
     * that {@link #seed} also writes are left out, which takes 10,000 providers from a minute
     * to seconds on the DynamoDB engine.
     */
    static void load(DynamoDbClient client, String table, List<Provider> providers) throws Exception {
        List<List<Provider>> batches = new ArrayList<>();
        for (int i = 0; i < providers.size(); i += 25) {
            batches.add(providers.subList(i, Math.min(providers.size(), i + 25)));
        }
        MintingThroughput.parallel(4, batches.size(), b -> {
            List<WriteRequest> writes = batches.get(b).stream()
                    .map(p -> WriteRequest.builder().putRequest(r -> r.item(ProviderItems.item(p))).build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, writes);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                var response = client.batchWriteItem(r -> r.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        });
    }

    /**
     * Writes the providers through the real store adapter (record, account and credential guards
     * and audit entry, one transaction each), a few threads at a time.
     */
    static void seed(DynamoDbClient client, String table, List<Provider> providers) throws Exception {
        DynamoProviderStore store = new DynamoProviderStore(client, table);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            int slice = (providers.size() + 3) / 4;
            for (int t = 0; t < 4; t++) {
                List<Provider> mine = providers.subList(Math.min(providers.size(), t * slice),
                        Math.min(providers.size(), (t + 1) * slice));
                done.add(pool.submit(() -> {
                    for (Provider p : mine) {
                        store.create(p, new AuditEntry(p.id(), SUBMITTED, "benchmark", "agent", "approve",
                                Map.of(), Map.of("status", "APPROVED"), null));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
