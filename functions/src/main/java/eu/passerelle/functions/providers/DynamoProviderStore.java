package eu.passerelle.functions.providers;

import eu.passerelle.evaluation.Evaluation;
import eu.passerelle.functions.evaluation.MetricsItems;

import eu.passerelle.Rejection;
import eu.passerelle.directory.Country;
import eu.passerelle.directory.GeoPoint;
import eu.passerelle.providers.Application;
import eu.passerelle.providers.AuditEntry;
import eu.passerelle.providers.BankAccount;
import eu.passerelle.providers.BankDetails;
import eu.passerelle.providers.Contact;
import eu.passerelle.providers.Credential;
import eu.passerelle.providers.Page;
import eu.passerelle.providers.PracticeAddress;
import eu.passerelle.providers.Profession;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderStatus;
import eu.passerelle.providers.ProviderStore;
import eu.passerelle.providers.ServiceArea;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Provider records in the ProvidersTable (see README, data model):
 * <ul>
 *   <li>{@code PROVIDER#id / PROFILE}: the record; index {@code byStatus} ({@code gsi1pk} =
 *       status, {@code gsi1sk} = submission time and id) serves agents' queues and the approved set;</li>
 *   <li>{@code PROVIDER#id / AUDIT#time#uuid}: its append-only audit trail;</li>
 *   <li>{@code ACCOUNT#sub / PROVIDER} and {@code CREDENTIAL#key / PROVIDER}: uniqueness guards,
 *       written in the same transaction as the record; the account guard also finds a provider's
 *       own record with a strongly consistent read;</li>
 *   <li>{@code DIRECTORY / VERSION}: bumped with every change to the listed providers.</li>
 *   <li>the record's {@code bank} map holds the reviewed account and any pending change; while a
 *       change is pending, {@code gsi2pk} = {@code BANKCHANGE}, {@code gsi2sk} = request time and
 *       id put the record in the sparse index {@code byBankChange} (the agents' queue).</li>
 * </ul>
 */
public final class DynamoProviderStore implements ProviderStore {

    public static final String TABLE_SETTING = "PROVIDERS_TABLE";
    public static final String BY_STATUS = "byStatus";
    /** Sparse index of the records whose change of bank account waits for an agent. */
    public static final String BY_BANK_CHANGE = "byBankChange";
    private static final String BANK_CHANGE = "BANKCHANGE";

    private static final String PROFILE = "PROFILE";
    private static final String GUARD = "PROVIDER";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String metricsTable;

    public DynamoProviderStore(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, null);
    }

    /** @param metricsTable where approvals and suspensions are counted, in the same transaction (null: not counted) */
    public DynamoProviderStore(DynamoDbClient dynamoDb, String table, String metricsTable) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.metricsTable = metricsTable;
    }

    @Override
    public void create(Provider provider, AuditEntry entry) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put(item(provider), "attribute_not_exists(pk)"));
        writes.add(put(guard("ACCOUNT#" + provider.accountId(), provider.id()), "attribute_not_exists(pk)"));
        writes.add(put(guard(credentialKey(provider), provider.id()), "attribute_not_exists(pk)"));
        writes.add(put(audit(entry), "attribute_not_exists(pk)"));
        transact(writes, List.of("record", "account", "credential", "audit"));
    }

    @Override
    public void update(Provider before, Provider after, AuditEntry entry, boolean directoryChanged) {
        List<TransactWriteItem> writes = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item(after))
                .conditionExpression("version = :expected")
                .expressionAttributeValues(Map.of(":expected", n(before.version())))).build());
        roles.add("record");
        String oldKey = credentialKey(before);
        String newKey = credentialKey(after);
        if (!oldKey.equals(newKey)) {
            writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(oldKey, GUARD))).build());
            roles.add("old-credential");
            writes.add(put(guard(newKey, after.id()), "attribute_not_exists(pk)"));
            roles.add("credential");
        }
        writes.add(put(audit(entry), "attribute_not_exists(pk)"));
        roles.add("audit");
        if (metricsTable != null && before.listed() != after.listed()) {
            // Active providers of the coordination: +1 when listed, -1 when no longer (guarded by the version check above).
            String department = after.application().address().areaCode();
            String service = after.application().profession().code();
            Instant at = after.decidedAt() != null && after.listed() ? after.decidedAt() : entry.at();
            for (TransactWriteItem w : MetricsItems.writes(metricsTable,
                    Evaluation.providerListed(department, service, at, after.listed() ? 1 : -1), after.id())) {
                writes.add(w);
                roles.add("metrics");
            }
            if (after.listed()) {
                writes.add(MetricsItems.profile(metricsTable, after.id(), department, service, at));
                roles.add("metrics");
            }
        }
        if (directoryChanged) {
            writes.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(key("DIRECTORY", "VERSION"))
                    .updateExpression("ADD version :one").expressionAttributeValues(Map.of(":one", n(1)))).build());
            roles.add("directory");
        }
        transact(writes, roles);
    }

    private void transact(List<TransactWriteItem> writes, List<String> roles) {
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(writes));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            for (int i = 0; i < reasons.size(); i++) {
                if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                    throw conflict(roles.get(i));
                }
            }
            throw e;
        }
    }

    private static Rejection conflict(String what) {
        return switch (what) {
            case "account" -> new Rejection(Rejection.Kind.CONFLICT, "already-applied", "Candidature déjà déposée",
                    "Ce compte a déjà déposé une candidature : modifiez-la plutôt.", List.of());
            case "credential" -> new Rejection(Rejection.Kind.CONFLICT, "credential-taken", "Inscription déjà utilisée",
                    "Ce numéro d'inscription est déjà celui d'un autre compte. Contactez le programme s'il s'agit d'une erreur.",
                    List.of(new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/credential/number",
                            "Déjà utilisé par un autre compte.")));
            default -> new Rejection(Rejection.Kind.CONFLICT, "concurrent-change", "Modification simultanée",
                    "Ce dossier vient d'être modifié par ailleurs : rechargez-le puis recommencez.", List.of());
        };
    }

    @Override
    public Optional<Provider> find(String providerId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).key(key("PROVIDER#" + providerId, PROFILE))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(provider(item));
    }

    @Override
    public Optional<Provider> findByAccount(String accountId) {
        // The guard item is read strongly; the index would lag a just-created record.
        Map<String, AttributeValue> guard = dynamoDb.getItem(g -> g.tableName(table)
                .key(key("ACCOUNT#" + accountId, GUARD)).consistentRead(true)).item();
        if (guard == null || guard.isEmpty()) {
            return Optional.empty();
        }
        return find(guard.get("providerId").s());
    }

    @Override
    public Page<Provider> listByStatus(ProviderStatus status, String cursor, int limit) {
        // One more than asked, to know whether a next page exists (a last key alone does not tell).
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(BY_STATUS)
                .keyConditionExpression("gsi1pk = :status")
                .expressionAttributeValues(Map.of(":status", s("STATUS#" + status.name())))
                .limit(limit + 1);
        if (cursor != null && !cursor.isBlank()) {
            query.exclusiveStartKey(decodeCursor(cursor));
        }
        List<Map<String, AttributeValue>> items = dynamoDb.query(query.build()).items();
        List<Map<String, AttributeValue>> page = items.subList(0, Math.min(limit, items.size()));
        String next = items.size() > limit ? encodeCursor(page.get(page.size() - 1)) : null;
        return new Page<>(page.stream().map(DynamoProviderStore::provider).toList(), next);
    }

    @Override
    public Page<Provider> listPendingBankChanges(String cursor, int limit) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(BY_BANK_CHANGE)
                .keyConditionExpression("gsi2pk = :pending")
                .expressionAttributeValues(Map.of(":pending", s(BANK_CHANGE)))
                .limit(limit + 1);
        if (cursor != null && !cursor.isBlank()) {
            query.exclusiveStartKey(decodeBankCursor(cursor));
        }
        List<Map<String, AttributeValue>> items = dynamoDb.query(query.build()).items();
        List<Map<String, AttributeValue>> page = items.subList(0, Math.min(limit, items.size()));
        String next = null;
        if (items.size() > limit) {
            Map<String, AttributeValue> last = page.get(page.size() - 1);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString(String.join("\n", last.get("pk").s(),
                    last.get("sk").s(), last.get("gsi2pk").s(), last.get("gsi2sk").s()).getBytes(StandardCharsets.UTF_8));
        }
        return new Page<>(page.stream().map(DynamoProviderStore::provider).toList(), next);
    }

    private static Map<String, AttributeValue> decodeBankCursor(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 4 || !parts[0].startsWith("PROVIDER#") || !parts[2].equals(BANK_CHANGE)) {
                throw new IllegalArgumentException();
            }
            return Map.of("pk", s(parts[0]), "sk", s(parts[1]), "gsi2pk", s(parts[2]), "gsi2sk", s(parts[3]));
        } catch (IllegalArgumentException e) {
            throw Rejection.invalidQuery("invalid-cursor", "Curseur invalide", "cursor",
                    "Ce curseur de pagination n'est pas valide : repartez de la première page.");
        }
    }

    @Override
    public List<AuditEntry> audit(String providerId) {
        List<AuditEntry> entries = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var request = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :audit)")
                    .expressionAttributeValues(Map.of(":pk", s("PROVIDER#" + providerId), ":audit", s("AUDIT#")));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = dynamoDb.query(request.build());
            page.items().forEach(i -> entries.add(auditEntry(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return entries;
    }

    @Override
    public List<Provider> approved() {
        List<Provider> all = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var request = QueryRequest.builder().tableName(table).indexName(BY_STATUS)
                    .keyConditionExpression("gsi1pk = :status")
                    .expressionAttributeValues(Map.of(":status", s("STATUS#" + ProviderStatus.APPROVED.name())));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = dynamoDb.query(request.build());
            page.items().forEach(i -> all.add(provider(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return all;
    }

    @Override
    public long directoryVersion() {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).key(key("DIRECTORY", "VERSION"))
                .consistentRead(true)).item();
        return item == null || !item.containsKey("version") ? 0 : Long.parseLong(item.get("version").n());
    }

    // ---------------------------------------------------------------- mapping

    private static String credentialKey(Provider p) {
        return "CREDENTIAL#" + p.application().credential().uniqueKey();
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item).conditionExpression(condition)).build();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    /**
     * A transaction item that holds only while the provider is approved: lets another store's
     * transaction act on a provider record read a while ago (eu.passerelle.providers.RecentProviders).
     */
    public static TransactWriteItem stillApproved(String table, String providerId) {
        return TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key("PROVIDER#" + providerId, PROFILE))
                .conditionExpression("#status = :approved").expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":approved", s(ProviderStatus.APPROVED.name())))).build();
    }

    private static Map<String, AttributeValue> guard(String pk, String providerId) {
        return Map.of("pk", s(pk), "sk", s(GUARD), "providerId", s(providerId));
    }

    static Map<String, AttributeValue> item(Provider p) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("PROVIDER#" + p.id()));
        item.put("sk", s(PROFILE));
        item.put("gsi1pk", s("STATUS#" + p.status().name()));
        item.put("gsi1sk", s(p.submittedAt() + "#" + p.id()));
        item.put("id", s(p.id()));
        item.put("accountId", s(p.accountId()));
        item.put("status", s(p.status().name()));
        item.put("submittedAt", s(p.submittedAt().toString()));
        if (p.decidedAt() != null) {
            item.put("decidedAt", s(p.decidedAt().toString()));
        }
        if (p.reason() != null) {
            item.put("reason", s(p.reason()));
        }
        item.put("version", n(p.version()));
        item.put("application", m(application(p.application())));
        item.put("bank", m(bank(p.bank())));
        if (p.bank().pending() != null) {
            item.put("gsi2pk", s(BANK_CHANGE));
            item.put("gsi2sk", s(p.bank().pending().requestedAt() + "#" + p.id()));
        }
        return item;
    }

    private static Map<String, AttributeValue> bank(BankDetails b) {
        Map<String, AttributeValue> m = new HashMap<>();
        if (b.reviewed() != null) {
            Map<String, AttributeValue> r = account(b.reviewed().account());
            r.put("holder", s(b.reviewed().holder()));
            putIfPresent(r, "reviewedAt", b.reviewed().reviewedAt() == null ? null : b.reviewed().reviewedAt().toString());
            putIfPresent(r, "reviewedBy", b.reviewed().reviewedBy());
            m.put("reviewed", m(r));
        }
        if (b.pending() != null) {
            Map<String, AttributeValue> c = account(b.pending().account());
            c.put("requestedAt", s(b.pending().requestedAt().toString()));
            c.put("requestedBy", s(b.pending().requestedBy()));
            c.put("previousAccountClosed", AttributeValue.fromBool(b.pending().previousAccountClosed()));
            m.put("pending", m(c));
        }
        if (b.lastRejection() != null) {
            Map<String, AttributeValue> j = account(b.lastRejection().account());
            j.put("decidedAt", s(b.lastRejection().decidedAt().toString()));
            j.put("decidedBy", s(b.lastRejection().decidedBy()));
            putIfPresent(j, "reason", b.lastRejection().reason());
            j.put("previousAccountClosed", AttributeValue.fromBool(b.lastRejection().previousAccountClosed()));
            m.put("lastRejection", m(j));
        }
        return m;
    }

    private static Map<String, AttributeValue> account(BankAccount a) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("iban", s(a.iban()));
        m.put("bic", s(a.bic()));
        return m;
    }

    /** Null when the record predates reviewed bank details: {@link BankDetails#legacy} then applies. */
    private static BankDetails bank(AttributeValue stored) {
        if (stored == null || stored.m() == null) {
            return null;
        }
        Map<String, AttributeValue> b = stored.m();
        BankDetails.Reviewed reviewed = null;
        if (b.containsKey("reviewed")) {
            Map<String, AttributeValue> r = b.get("reviewed").m();
            reviewed = new BankDetails.Reviewed(account(r), r.get("holder").s(),
                    r.containsKey("reviewedAt") ? Instant.parse(r.get("reviewedAt").s()) : null, str(r, "reviewedBy"));
        }
        BankDetails.Change pending = null;
        if (b.containsKey("pending")) {
            Map<String, AttributeValue> c = b.get("pending").m();
            pending = new BankDetails.Change(account(c), Instant.parse(c.get("requestedAt").s()), c.get("requestedBy").s(),
                    Boolean.TRUE.equals(c.get("previousAccountClosed").bool()));
        }
        BankDetails.Rejected rejected = null;
        if (b.containsKey("lastRejection")) {
            Map<String, AttributeValue> j = b.get("lastRejection").m();
            rejected = new BankDetails.Rejected(account(j), Instant.parse(j.get("decidedAt").s()), j.get("decidedBy").s(),
                    str(j, "reason"), Boolean.TRUE.equals(j.get("previousAccountClosed").bool()));
        }
        return new BankDetails(reviewed, pending, rejected);
    }

    private static BankAccount account(Map<String, AttributeValue> m) {
        return new BankAccount(m.get("iban").s(), m.get("bic").s());
    }

    private static Map<String, AttributeValue> application(Application a) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("displayName", s(a.displayName()));
        m.put("profession", s(a.profession().code()));
        Map<String, AttributeValue> credential = new HashMap<>();
        credential.put("kind", s(a.credential().kind()));
        putIfPresent(credential, "number", a.credential().number());
        putIfPresent(credential, "issuer", a.credential().issuer());
        if (a.credential().year() != null) {
            credential.put("year", n(a.credential().year()));
        }
        m.put("credential", m(credential));
        Map<String, AttributeValue> address = new HashMap<>();
        address.put("street", s(a.address().street()));
        address.put("postalCode", s(a.address().postalCode()));
        putIfPresent(address, "communeCode", a.address().communeCode());
        address.put("commune", s(a.address().commune()));
        address.put("country", s(a.address().country().name()));
        address.put("areaCode", s(a.address().areaCode()));
        address.put("latitude", n(a.address().location().latitude()));
        address.put("longitude", n(a.address().location().longitude()));
        m.put("address", m(address));
        m.put("radiusKm", n(a.area().radiusKm()));
        m.put("departments", l(a.area().departments()));
        m.put("languages", l(a.languages()));
        m.put("remoteSessions", AttributeValue.fromBool(a.remoteSessions()));
        m.put("wheelchairAccessible", AttributeValue.fromBool(a.wheelchairAccessible()));
        Map<String, AttributeValue> contact = new HashMap<>();
        putIfPresent(contact, "phone", a.contact().phone());
        putIfPresent(contact, "email", a.contact().email());
        putIfPresent(contact, "website", a.contact().website());
        contact.put("published", l(List.copyOf(a.contact().published())));
        m.put("contact", m(contact));
        m.put("bankAccount", m(Map.of("iban", s(a.bankAccount().iban()), "bic", s(a.bankAccount().bic()))));
        m.put("charterVersion", s(a.charterVersion()));
        m.put("charterAcceptedAt", s(a.charterAcceptedAt().toString()));
        return m;
    }

    static Provider provider(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> a = item.get("application").m();
        Map<String, AttributeValue> c = a.get("credential").m();
        Map<String, AttributeValue> ad = a.get("address").m();
        Map<String, AttributeValue> ct = a.get("contact").m();
        Map<String, AttributeValue> bank = a.get("bankAccount").m();
        Application application = new Application(
                a.get("displayName").s(),
                Profession.fromCode(a.get("profession").s()).orElseThrow(),
                new Credential(c.get("kind").s(), str(c, "number"), str(c, "issuer"),
                        c.containsKey("year") ? Integer.valueOf(c.get("year").n()) : null),
                new PracticeAddress(ad.get("street").s(), ad.get("postalCode").s(), str(ad, "communeCode"),
                        ad.get("commune").s(), Country.valueOf(ad.get("country").s()), ad.get("areaCode").s(),
                        new GeoPoint(Double.parseDouble(ad.get("latitude").n()), Double.parseDouble(ad.get("longitude").n()))),
                new ServiceArea(Integer.parseInt(a.get("radiusKm").n()), strings(a.get("departments"))),
                strings(a.get("languages")),
                a.get("remoteSessions").bool(),
                a.get("wheelchairAccessible").bool(),
                new Contact(str(ct, "phone"), str(ct, "email"), str(ct, "website"),
                        java.util.Set.copyOf(strings(ct.get("published")))),
                new BankAccount(bank.get("iban").s(), bank.get("bic").s()),
                a.get("charterVersion").s(),
                Instant.parse(a.get("charterAcceptedAt").s()));
        return new Provider(item.get("id").s(), item.get("accountId").s(), ProviderStatus.valueOf(item.get("status").s()),
                application, Instant.parse(item.get("submittedAt").s()),
                item.containsKey("decidedAt") ? Instant.parse(item.get("decidedAt").s()) : null,
                str(item, "reason"), Long.parseLong(item.get("version").n()), bank(item.get("bank")));
    }

    static Map<String, AttributeValue> audit(AuditEntry e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("PROVIDER#" + e.providerId()));
        item.put("sk", s("AUDIT#" + e.at() + "#" + UUID.randomUUID()));
        item.put("at", s(e.at().toString()));
        item.put("actor", s(e.actor()));
        item.put("actorRole", s(e.actorRole()));
        item.put("action", s(e.action()));
        item.put("before", m(strings(e.before())));
        item.put("after", m(strings(e.after())));
        putIfPresent(item, "reason", e.reason());
        return item;
    }

    private static AuditEntry auditEntry(Map<String, AttributeValue> item) {
        return new AuditEntry(item.get("pk").s().substring("PROVIDER#".length()), Instant.parse(item.get("at").s()),
                item.get("actor").s(), item.get("actorRole").s(), item.get("action").s(),
                plain(item.get("before").m()), plain(item.get("after").m()), str(item, "reason"));
    }

    private static Map<String, AttributeValue> strings(Map<String, String> map) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        map.forEach((k, v) -> m.put(k, s(v)));
        return m;
    }

    private static Map<String, String> plain(Map<String, AttributeValue> map) {
        Map<String, String> m = new LinkedHashMap<>();
        map.forEach((k, v) -> m.put(k, v.s()));
        return m;
    }

    /** Cursors are the index key of the last item shown, encoded: clients only hand them back. */
    static String encodeCursor(Map<String, AttributeValue> key) {
        String raw = String.join("\n", key.get("pk").s(), key.get("sk").s(), key.get("gsi1pk").s(), key.get("gsi1sk").s());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, AttributeValue> decodeCursor(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 4 || !parts[0].startsWith("PROVIDER#") || !parts[2].startsWith("STATUS#")) {
                throw new IllegalArgumentException();
            }
            return Map.of("pk", s(parts[0]), "sk", s(parts[1]), "gsi1pk", s(parts[2]), "gsi1sk", s(parts[3]));
        } catch (IllegalArgumentException e) {
            throw Rejection.invalidQuery("invalid-cursor", "Curseur invalide", "cursor",
                    "Ce curseur de pagination n'est pas valide : repartez de la première page.");
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(double value) {
        return AttributeValue.fromN(value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.valueOf((long) value) : String.valueOf(value));
    }

    private static AttributeValue m(Map<String, AttributeValue> value) {
        return AttributeValue.fromM(value);
    }

    private static AttributeValue l(List<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    private static List<String> strings(AttributeValue list) {
        return list == null || list.l() == null ? List.of() : list.l().stream().map(AttributeValue::s).toList();
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
