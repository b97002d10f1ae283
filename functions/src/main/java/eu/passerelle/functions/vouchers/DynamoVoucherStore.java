package eu.passerelle.functions.vouchers;

import eu.passerelle.Rejection;
import eu.passerelle.redemption.VoucherFacts;
import eu.passerelle.redemption.VoucherFactsSource;
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
 * </ul>
 */
public final class DynamoVoucherStore implements VoucherStore, VoucherFactsSource {

    public static final String TABLE_SETTING = "VOUCHERS_TABLE";
    public static final String BY_PARENT = "byParent";
    static final String TTL_ATTRIBUTE = "expiresAt";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoVoucherStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void mint(String parentId, Service service, List<Voucher> vouchers, int maxPerService) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(quotaKey(parentId, service))
                .updateExpression("SET used = if_not_exists(used, :zero) + :n")
                .conditionExpression("attribute_not_exists(used) OR used <= :limit")
                .expressionAttributeValues(Map.of(":zero", n(0), ":n", n(vouchers.size()),
                        ":limit", n(maxPerService - vouchers.size())))).build());
        for (Voucher v : vouchers) {
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item(v))
                    .conditionExpression("attribute_not_exists(pk)")).build());
        }
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(writes));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                throw new Rejection(Rejection.Kind.CONFLICT, "quota-exhausted", "Plus de séances disponibles",
                        "Quota atteint.", List.of());
            }
            // A concurrent mint on the same quota, or a serial already drawn: try again.
            throw new Retry();
        }
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
        Map<String, AttributeValue> i = dynamoDb.getItem(g -> g.tableName(table).key(voucherKey(voucherId))
                .consistentRead(true)).item();
        if (i == null || i.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new VoucherFacts(i.get("id").s(), i.get("service").s(),
                i.containsKey("providerId") ? i.get("providerId").s() : null, i.get("status").s(),
                i.containsKey("redeemedBy") ? i.get("redeemedBy").s() : null,
                i.containsKey("redemptionId") ? i.get("redemptionId").s() : null,
                Instant.parse(i.get("issuedAt").s()), LocalDate.parse(i.get("expiresOn").s()),
                Integer.parseInt(i.get("ruleSequence").n()), i.get("incomeTier").s(),
                Long.parseLong(i.get("coPaymentCents").n()), Long.parseLong(i.get("tariffCents").n())));
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
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(voucherKey(voucher.id()))
                            .updateExpression("SET #status = :returned, statusAt = :at")
                            .conditionExpression("#status = :issued")
                            .expressionAttributeNames(Map.of("#status", "status"))
                            .expressionAttributeValues(Map.of(":returned", s(VoucherStatus.RETURNED.name()),
                                    ":issued", s(VoucherStatus.ISSUED.name()), ":at", s(at.toString())))).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(quotaKey(voucher.parentId(), voucher.service()))
                            .updateExpression("SET used = used - :one")
                            .conditionExpression("used >= :one")
                            .expressionAttributeValues(Map.of(":one", n(1)))).build()));
        } catch (TransactionCanceledException e) {
            throw new Rejection(Rejection.Kind.CONFLICT, "not-returnable", "Bon non restituable",
                    "Ce bon vient d'être utilisé ou rendu.", List.of());
        }
    }

    @Override
    public boolean countVerification(String providerId, Instant now, int perMinute) {
        long minute = now.getEpochSecond() / 60;
        try {
            dynamoDb.updateItem(u -> u.tableName(table)
                    .key(Map.of("pk", s("RATE#" + providerId), "sk", s("MINUTE#" + minute)))
                    .updateExpression("SET hits = if_not_exists(hits, :zero) + :one, " + TTL_ATTRIBUTE + " = :ttl")
                    .conditionExpression("attribute_not_exists(hits) OR hits < :limit")
                    .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1), ":limit", n(perMinute),
                            ":ttl", n((minute + 2) * 60))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- mapping

    static Map<String, AttributeValue> voucherKey(String id) {
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
        return item;
    }

    static Voucher voucher(Map<String, AttributeValue> i) {
        return new Voucher(i.get("id").s(), i.get("code").s(), i.get("token").s(), Service.fromCode(i.get("service").s()).orElseThrow(),
                i.containsKey("providerId") ? i.get("providerId").s() : null,
                i.containsKey("providerName") ? i.get("providerName").s() : null,
                i.get("parentId").s(), Integer.parseInt(i.get("ruleSequence").n()), Instant.parse(i.get("issuedAt").s()),
                LocalDate.parse(i.get("expiresOn").s()), VoucherStatus.valueOf(i.get("status").s()),
                Instant.parse(i.get("statusAt").s()), i.get("incomeTier").s(), Long.parseLong(i.get("coPaymentCents").n()),
                Long.parseLong(i.get("tariffCents").n()));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
