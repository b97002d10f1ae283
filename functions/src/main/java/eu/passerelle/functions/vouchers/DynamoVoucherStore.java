package eu.passerelle.functions.vouchers;

import eu.passerelle.Rejection;
import eu.passerelle.directory.GeoPoint;
import eu.passerelle.evaluation.Evaluation;
import eu.passerelle.functions.evaluation.MetricsItems;
import eu.passerelle.privacy.Retention;
import eu.passerelle.redemption.VoucherFacts;
import eu.passerelle.redemption.VoucherFactsSource;
import eu.passerelle.privacy.ParentRecords;
import eu.passerelle.vouchers.ExpiryStore;
import eu.passerelle.vouchers.Service;
import eu.passerelle.vouchers.Voucher;
import eu.passerelle.vouchers.VoucherStatus;
import eu.passerelle.vouchers.VoucherStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Vouchers and quotas in the VouchersTable (README, data model):
 * <ul>
 *   <li>{@code VOUCHER#id / VOUCHER}: a voucher; index {@code byParent} ({@code gsi1pk} =
 *       {@code PARENT#sub}, {@code gsi1sk} = issue time and id) lists a parent's wallet;</li>
 *   <li>{@code PARENT#sub / QUOTA#service}: how many of the parent's vouchers count against the
 *       quota, updated in the same transaction as the vouchers, conditioned on the limit;</li>
 *   <li>{@code RATE#provider / MINUTE#n}: a provider's verifications this minute (expire by TTL).</li>
 *   <li>{@code RATE#provider / DECLARATIONS#n}: a provider's declarations (redemption requests) this minute (expire by TTL).</li>
 * </ul>
 */
public final class DynamoVoucherStore implements VoucherStore, VoucherFactsSource, ExpiryStore, ParentRecords {

    public static final String TABLE_SETTING = "VOUCHERS_TABLE";
    public static final String BY_PARENT = "byParent";
    /** Vouchers by last day of validity ({@code gsi2pk} = {@code EXPIRY#date}), for the expiry job. */
    public static final String BY_EXPIRY = "byExpiry";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String metricsTable;

    public DynamoVoucherStore(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, null);
    }

    /** @param metricsTable where minting and returns are counted, in their own transactions (null: not counted) */
    public DynamoVoucherStore(DynamoDbClient dynamoDb, String table, String metricsTable) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.metricsTable = metricsTable;
    }

    @Override
    public void mint(String parentId, Service service, List<Voucher> vouchers, int maxPerService) {
        // Optimistic, without a read first: most mints are a parent's first of a service (five
        // sessions at once). A first mint creates the quota item, and the coordination counts it
        // as a parent helped, conditioned on the item being absent so a race cannot count twice;
        // when the item turns out to exist, the quota is read once and the mint goes again as a later one.
        boolean first = metricsTable != null;
        while (true) {
            List<TransactWriteItem> writes = mintWrites(parentId, service, vouchers, maxPerService, first);
            try {
                dynamoDb.transactWriteItems(t -> t.transactItems(writes));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                boolean quotaCondition = !reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code());
                if (!quotaCondition) {
                    // A concurrent mint on the same quota, or a serial already drawn: try again.
                    throw new Retry();
                }
                Map<String, AttributeValue> quota = dynamoDb.getItem(g -> g.tableName(table).key(quotaKey(parentId, service))
                        .consistentRead(true)).item();
                boolean exists = quota != null && quota.containsKey("used");
                if (first && exists && Integer.parseInt(quota.get("used").n()) + vouchers.size() <= maxPerService) {
                    first = false; // the parent already had vouchers of this service: a later mint
                    continue;
                }
                if (first && !exists) {
                    throw new Retry(); // the item vanished between the two: start over
                }
                throw new Rejection(Rejection.Kind.CONFLICT, "quota-exhausted", "Plus de séances disponibles",
                        "Quota atteint.", List.of());
            }
        }
    }

    private List<TransactWriteItem> mintWrites(String parentId, Service service, List<Voucher> vouchers, int maxPerService,
                                               boolean first) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(quotaKey(parentId, service))
                .updateExpression("SET used = if_not_exists(used, :zero) + :n")
                .conditionExpression(first ? "attribute_not_exists(used) AND :zero <= :limit"
                        : "attribute_not_exists(used) OR used <= :limit")
                .expressionAttributeValues(Map.of(":zero", n(0), ":n", n(vouchers.size()),
                        ":limit", n(maxPerService - vouchers.size())))).build());
        for (Voucher v : vouchers) {
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item(v))
                    .conditionExpression("attribute_not_exists(pk)")).build());
        }
        if (metricsTable != null && !vouchers.isEmpty()) {
            Voucher v = vouchers.get(0);
            writes.addAll(MetricsItems.writes(metricsTable, Evaluation.minted(v.department(), service.code(), v.issuedAt(),
                    vouchers.size(), Evaluation.owed(v.tariffCents(), v.coPaymentCents()), first), v.id()));
        }
        return writes;
    }

    @Override
    public int used(String parentId, Service service) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).key(quotaKey(parentId, service))
                .consistentRead(true)).item();
        return item == null || !item.containsKey("used") ? 0 : Integer.parseInt(item.get("used").n());
    }

    @Override
    public Optional<Voucher> find(String voucherId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).key(voucherKey(voucherId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(voucher(item));
    }

    @Override
    public Optional<VoucherFacts> facts(String voucherId) {
        return factsOf(dynamoDb.getItem(g -> g.tableName(table).key(voucherKey(voucherId)).consistentRead(true)).item());
    }

    /** A voucher item as the consumer sees it (also read by the redemption store with its own items). */
    public static Optional<VoucherFacts> factsOf(Map<String, AttributeValue> i) {
        if (i == null || i.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new VoucherFacts(i.get("id").s(), i.get("service").s(),
                i.containsKey("providerId") ? i.get("providerId").s() : null, i.get("status").s(),
                i.containsKey("redeemedBy") ? i.get("redeemedBy").s() : null,
                i.containsKey("redemptionId") ? i.get("redemptionId").s() : null,
                Instant.parse(i.get("issuedAt").s()), LocalDate.parse(i.get("expiresOn").s()),
                Integer.parseInt(i.get("ruleSequence").n()), i.get("incomeTier").s(),
                Long.parseLong(i.get("coPaymentCents").n()), Long.parseLong(i.get("tariffCents").n()),
                str(i, "department"), location(i),
                i.containsKey(EXPIRED_COUNTED) && Boolean.TRUE.equals(i.get(EXPIRED_COUNTED).bool())));
    }

    @Override
    public List<Voucher> ofParent(String parentId) {
        List<Voucher> all = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(BY_PARENT)
                    .keyConditionExpression("gsi1pk = :parent")
                    .expressionAttributeValues(Map.of(":parent", s("PARENT#" + parentId)))
                    .scanIndexForward(false);
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            QueryResponse page = dynamoDb.query(q.build());
            page.items().forEach(i -> all.add(voucher(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return all;
    }

    @Override
    public void giveBack(Voucher voucher, Instant at) {
        List<TransactWriteItem> writes = new ArrayList<>(List.of(
                // Unused for good: deleted after its grace period (retention).
                TransactWriteItem.builder().update(u -> u.tableName(table).key(voucherKey(voucher.id()))
                        .updateExpression("SET #status = :returned, statusAt = :at, " + TTL_ATTRIBUTE + " = :ttl")
                        .conditionExpression("#status = :issued")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(":returned", s(VoucherStatus.RETURNED.name()),
                                ":issued", s(VoucherStatus.ISSUED.name()), ":at", s(at.toString()),
                                ":ttl", n(Retention.unusedVoucherDeleteAfter(voucher.expiresOn()).getEpochSecond())))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(quotaKey(voucher.parentId(), voucher.service()))
                        .updateExpression("SET used = used - :one")
                        .conditionExpression("used >= :one")
                        .expressionAttributeValues(Map.of(":one", n(1)))).build()));
        if (metricsTable != null) {
            writes.addAll(MetricsItems.writes(metricsTable, Evaluation.returned(voucher.department(), voucher.service().code(), at,
                    Evaluation.owed(voucher.tariffCents(), voucher.coPaymentCents())), voucher.id()));
        }
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(writes));
        } catch (TransactionCanceledException e) {
            throw new Rejection(Rejection.Kind.CONFLICT, "not-returnable", "Bon non restituable",
                    "Ce bon vient d'être utilisé ou rendu.", List.of());
        }
    }

    @Override
    public boolean countVerification(String providerId, Instant now, int perMinute) {
        return count(providerId, "MINUTE#", now, perMinute);
    }

    @Override
    public boolean countDeclaration(String providerId, Instant now, int perMinute) {
        return count(providerId, "DECLARATIONS#", now, perMinute);
    }

    private boolean count(String providerId, String counter, Instant now, int perMinute) {
        long minute = now.getEpochSecond() / 60;
        try {
            dynamoDb.updateItem(u -> u.tableName(table)
                    .key(Map.of("pk", s("RATE#" + providerId), "sk", s(counter + minute)))
                    .updateExpression("SET hits = if_not_exists(hits, :zero) + :one, " + TTL_ATTRIBUTE + " = :ttl")
                    .conditionExpression("attribute_not_exists(hits) OR hits < :limit")
                    .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1), ":limit", n(perMinute),
                            ":ttl", n((minute + 2) * 60))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- expiry and privacy

    /** Marks on a voucher that the expiry run counted it. */
    public static final String EXPIRED_COUNTED = "expiredCounted";
    /** What replaces the parent's subject on a voucher after an erasure. */
    public static final String ERASED = "erased";

    @Override
    public int expire(LocalDate lastDay) {
        List<Map<String, AttributeValue>> candidates = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(BY_EXPIRY)
                    .keyConditionExpression("gsi2pk = :day")
                    .filterExpression("#status = :issued AND attribute_not_exists(" + EXPIRED_COUNTED + ")")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":day", s("EXPIRY#" + lastDay), ":issued", s(VoucherStatus.ISSUED.name())));
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            QueryResponse page = dynamoDb.query(q.build());
            candidates.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        int marked = 0;
        for (Map<String, AttributeValue> i : candidates) {
            Voucher v = voucher(i);
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(voucherKey(v.id()))
                    .updateExpression("SET " + EXPIRED_COUNTED + " = :true, " + TTL_ATTRIBUTE + " = :ttl")
                    .conditionExpression("#status = :issued AND attribute_not_exists(" + EXPIRED_COUNTED + ")")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true), ":issued",
                            s(VoucherStatus.ISSUED.name()), ":ttl",
                            n(Retention.unusedVoucherDeleteAfter(v.expiresOn()).getEpochSecond())))).build());
            if (metricsTable != null) {
                writes.addAll(MetricsItems.writes(metricsTable, Evaluation.expired(v.department(), v.service().code(),
                        v.expiresOn(), Evaluation.owed(v.tariffCents(), v.coPaymentCents())), v.id()));
            }
            try {
                dynamoDb.transactWriteItems(t -> t.transactItems(writes));
                marked++;
            } catch (TransactionCanceledException changedOrCounted) {
                // Redeemed, returned or counted by a concurrent run meanwhile: nothing to count here.
            }
        }
        return marked;
    }

    @Override
    public List<Voucher> vouchers(String parentId) {
        return ofParent(parentId);
    }

    @Override
    public Map<String, Integer> quotas(String parentId) {
        Map<String, Integer> quotas = new java.util.LinkedHashMap<>();
        for (Service service : Service.values()) {
            int used = used(parentId, service);
            if (used > 0) {
                quotas.put(service.code(), used);
            }
        }
        return quotas;
    }

    @Override
    public int erase(String parentId, Instant at) {
        int touched = 0;
        for (Voucher v : ofParent(parentId)) {
            for (int attempt = 0; attempt < 3; attempt++) {
                Voucher current = find(v.id()).orElse(null);
                if (current == null) {
                    break;
                }
                if (eraseOne(current, at)) {
                    touched++;
                    break;
                }
            }
        }
        List<Map<String, AttributeValue>> own = dynamoDb.query(q -> q.tableName(table).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s("PARENT#" + parentId)))).items();
        for (Map<String, AttributeValue> item : own) {
            dynamoDb.deleteItem(d -> d.tableName(table).key(Map.of("pk", item.get("pk"), "sk", item.get("sk"))));
        }
        return touched;
    }

    /** One voucher no longer names its parent; an unused one is voided and counted as returned. */
    private boolean eraseOne(Voucher v, Instant at) {
        boolean unused = v.status() == VoucherStatus.ISSUED;
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":erased", s(ERASED), ":status", s(v.status().name())));
        String set = "SET parentId = :erased";
        if (unused) {
            set += ", #status = :returned, statusAt = :at, " + TTL_ATTRIBUTE + " = :ttl";
            values.put(":returned", s(VoucherStatus.RETURNED.name()));
            values.put(":at", s(at.toString()));
            values.put(":ttl", n(Retention.unusedVoucherDeleteAfter(v.expiresOn()).getEpochSecond()));
        }
        String update = set + " REMOVE gsi1pk, gsi1sk, parentPostalCode, parentLat, parentLon";
        writes.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(voucherKey(v.id()))
                .updateExpression(update).conditionExpression("#status = :status")
                .expressionAttributeNames(Map.of("#status", "status")).expressionAttributeValues(values)).build());
        if (unused && metricsTable != null && !v.expired(at.atZone(Evaluation.ZONE).toLocalDate())) {
            writes.addAll(MetricsItems.writes(metricsTable, Evaluation.returned(v.department(), v.service().code(), at,
                    Evaluation.owed(v.tariffCents(), v.coPaymentCents())), v.id()));
        }
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(writes));
            return true;
        } catch (TransactionCanceledException changed) {
            return false;
        }
    }

    // ---------------------------------------------------------------- mapping

    public static Map<String, AttributeValue> voucherKey(String id) {
        return Map.of("pk", s("VOUCHER#" + id), "sk", s("VOUCHER"));
    }

    static Map<String, AttributeValue> quotaKey(String parentId, Service service) {
        return Map.of("pk", s("PARENT#" + parentId), "sk", s("QUOTA#" + service.code()));
    }

    static Map<String, AttributeValue> item(Voucher v) {
        Map<String, AttributeValue> item = new HashMap<>(voucherKey(v.id()));
        item.put("gsi1pk", s("PARENT#" + v.parentId()));
        item.put("gsi1sk", s(v.issuedAt() + "#" + v.id()));
        item.put("id", s(v.id()));
        item.put("code", s(v.code()));
        item.put("token", s(v.token()));
        item.put("service", s(v.service().code()));
        if (v.providerId() != null) {
            item.put("providerId", s(v.providerId()));
            item.put("providerName", s(v.providerName()));
        }
        item.put("parentId", s(v.parentId()));
        item.put("ruleSequence", n(v.ruleSequence()));
        item.put("issuedAt", s(v.issuedAt().toString()));
        item.put("expiresOn", s(v.expiresOn().toString()));
        item.put("status", s(v.status().name()));
        item.put("statusAt", s(v.statusAt().toString()));
        item.put("incomeTier", s(v.incomeTier()));
        item.put("coPaymentCents", n(v.coPaymentCents()));
        item.put("tariffCents", n(v.tariffCents()));
        if (v.department() != null) {
            item.put("department", s(v.department()));
        }
        if (v.parentPostalCode() != null) {
            item.put("parentPostalCode", s(v.parentPostalCode()));
        }
        if (v.parentLocation() != null) {
            // The postal area's centre to about a kilometre: enough for distances, not an address.
            item.put("parentLat", AttributeValue.fromN(String.format(java.util.Locale.ROOT, "%.2f", v.parentLocation().latitude())));
            item.put("parentLon", AttributeValue.fromN(String.format(java.util.Locale.ROOT, "%.2f", v.parentLocation().longitude())));
        }
        item.put("gsi2pk", s("EXPIRY#" + v.expiresOn()));
        item.put("gsi2sk", s(v.id()));
        return item;
    }

    static Voucher voucher(Map<String, AttributeValue> i) {
        return new Voucher(i.get("id").s(), i.get("code").s(), i.get("token").s(), Service.fromCode(i.get("service").s()).orElseThrow(),
                i.containsKey("providerId") ? i.get("providerId").s() : null,
                i.containsKey("providerName") ? i.get("providerName").s() : null,
                i.get("parentId").s(), Integer.parseInt(i.get("ruleSequence").n()), Instant.parse(i.get("issuedAt").s()),
                LocalDate.parse(i.get("expiresOn").s()), VoucherStatus.valueOf(i.get("status").s()),
                Instant.parse(i.get("statusAt").s()), i.get("incomeTier").s(), Long.parseLong(i.get("coPaymentCents").n()),
                Long.parseLong(i.get("tariffCents").n()), str(i, "department"), str(i, "parentPostalCode"), location(i));
    }

    private static GeoPoint location(Map<String, AttributeValue> i) {
        return i.containsKey("parentLat") && i.containsKey("parentLon")
                ? new GeoPoint(Double.parseDouble(i.get("parentLat").n()), Double.parseDouble(i.get("parentLon").n())) : null;
    }

    private static String str(Map<String, AttributeValue> i, String name) {
        return i.containsKey(name) ? i.get(name).s() : null;
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
