package eu.passerelle.functions.redemption;

import eu.passerelle.Rejection;
import eu.passerelle.providers.Page;
import eu.passerelle.functions.providers.DynamoProviderStore;
import eu.passerelle.functions.vouchers.DynamoVoucherStore;
import eu.passerelle.redemption.Idempotency;
import eu.passerelle.redemption.Redemption;
import eu.passerelle.redemption.RedemptionStatus;
import eu.passerelle.redemption.RedemptionStore;
import eu.passerelle.redemption.VoucherFacts;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static eu.passerelle.functions.redemption.LedgerItems.n;
import static eu.passerelle.functions.redemption.LedgerItems.s;

/**
 * Redemptions and ledgers in the LedgerTable; the voucher's own transition in the VouchersTable,
 * in the same transaction (README, data model).
 */
public final class DynamoRedemptionStore implements RedemptionStore {

    public static final String TABLE_SETTING = "LEDGER_TABLE";
    /** Attempts at a batch read whose keys DynamoDB leaves unprocessed (throttling). */
    static final int BATCH_ROUNDS = 8;

    private final DynamoDbClient dynamoDb;
    private final String ledgerTable;
    private final String vouchersTable;
    private final String providersTable;
    private final RedemptionTallies tallies;

    public DynamoRedemptionStore(DynamoDbClient dynamoDb, String ledgerTable, String vouchersTable) {
        this(dynamoDb, ledgerTable, vouchersTable, RedemptionTallies.NONE);
    }

    /** @param tallies the coordination's counters, written in the same transactions as the ledger */
    public DynamoRedemptionStore(DynamoDbClient dynamoDb, String ledgerTable, String vouchersTable, RedemptionTallies tallies) {
        this(dynamoDb, ledgerTable, vouchersTable, null, tallies);
    }

    /**
     * @param providersTable where {@link #open} checks the provider is still approved (null: the
     *                       caller has just read the provider's record itself)
     */
    public DynamoRedemptionStore(DynamoDbClient dynamoDb, String ledgerTable, String vouchersTable, String providersTable,
                                 RedemptionTallies tallies) {
        this.dynamoDb = dynamoDb;
        this.ledgerTable = ledgerTable;
        this.vouchersTable = vouchersTable;
        this.providersTable = providersTable;
        this.tallies = tallies;
    }

    @Override
    public Optional<Claim> claim(String voucherId, String providerId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(ledgerTable)
                .key(LedgerItems.claimKey(voucherId, providerId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Claim(Integer.parseInt(item.get("attempt").n()), item.get("redemptionId").s()));
    }

    @Override
    public void open(Redemption redemption, Claim claim, Claim previous, Idempotency.Completion completion) {
        Map<String, AttributeValue> claimItem = new HashMap<>(LedgerItems.claimKey(redemption.voucherId(), redemption.providerId()));
        claimItem.put("attempt", n(claim.attempt()));
        claimItem.put("redemptionId", s(claim.redemptionId()));
        List<TransactWriteItem> writes = new ArrayList<>(4);
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(ledgerTable).item(LedgerItems.item(redemption))
                .conditionExpression("attribute_not_exists(pk)")).build());
        writes.add(previous == null
                ? TransactWriteItem.builder().put(p -> p.tableName(ledgerTable).item(claimItem)
                .conditionExpression("attribute_not_exists(pk)")).build()
                : TransactWriteItem.builder().put(p -> p.tableName(ledgerTable).item(claimItem)
                .conditionExpression("attempt = :previous")
                .expressionAttributeValues(Map.of(":previous", n(previous.attempt())))).build());
        int completionAt = -1;
        if (completion != null) {
            completionAt = writes.size();
            writes.add(DynamoIdempotencyStore.completionWrite(ledgerTable, completion));
        }
        int providerAt = -1;
        if (providersTable != null) {
            providerAt = writes.size();
            writes.add(DynamoProviderStore.stillApproved(providersTable, redemption.providerId()));
        }
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(writes));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (failed(reasons, providerAt)) {
                throw new ProviderNotApproved();
            }
            if (failed(reasons, 1)) {
                throw new ClaimChanged();
            }
            if (failed(reasons, completionAt)) {
                throw new Rejection(Rejection.Kind.CONFLICT, "request-in-progress", "Demande en cours",
                        "La même demande a été reprise par un autre essai : consultez votre historique.", List.of());
            }
            throw RedemptionStore.concurrentRedemption();
        }
    }

    @Override
    public Optional<Redemption> find(String redemptionId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(ledgerTable)
                .key(LedgerItems.redemptionKey(redemptionId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(LedgerItems.redemption(item));
    }

    @Override
    public Page<Redemption> ofProvider(String providerId, RedemptionStatus status, String cursor, int limit) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(ledgerTable).indexName(LedgerItems.BY_PROVIDER)
                .keyConditionExpression("gsi1pk = :provider").scanIndexForward(false).limit(limit);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":provider", s("PROVIDER#" + providerId));
        if (status != null) {
            q.filterExpression("#status = :status").expressionAttributeNames(Map.of("#status", "status"));
            values.put(":status", s(status.name()));
        }
        q.expressionAttributeValues(values);
        if (cursor != null && !cursor.isBlank()) {
            q.exclusiveStartKey(decodeCursor(cursor, providerId));
        }
        QueryResponse page = dynamoDb.query(q.build());
        String next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? encodeCursor(page.lastEvaluatedKey()) : null;
        return new Page<>(page.items().stream().map(LedgerItems::redemption).toList(), next);
    }

    @Override
    public List<Redemption> pendingSince(Instant before, int limit) {
        // Every page up to the limit: a crash can leave more pending than one page holds (1 MB).
        List<Redemption> pending = new java.util.ArrayList<>();
        QueryRequest request = QueryRequest.builder().tableName(ledgerTable).indexName(LedgerItems.PENDING)
                .keyConditionExpression("gsi2pk = :pending AND gsi2sk < :before")
                .expressionAttributeValues(Map.of(":pending", s("PENDING"), ":before", s(before.toString())))
                .limit(Math.min(limit, 1000)).build();
        for (QueryResponse page : dynamoDb.queryPaginator(request)) {
            for (Map<String, AttributeValue> item : page.items()) {
                if (pending.size() == limit) {
                    return pending;
                }
                pending.add(LedgerItems.redemption(item));
            }
        }
        return pending;
    }

    @Override
    public long ledgerHead(String providerId) {
        return seq(dynamoDb.getItem(g -> g.tableName(ledgerTable).key(LedgerItems.headKey(providerId)).consistentRead(true)).item());
    }

    private static long seq(Map<String, AttributeValue> head) {
        return head == null || !head.containsKey("seq") ? 0 : Long.parseLong(head.get("seq").n());
    }

    @Override
    public Applying applying(String redemptionId, String voucherId, String providerId) {
        Map<String, AttributeValue> redemptionKey = LedgerItems.redemptionKey(redemptionId);
        Map<String, AttributeValue> headKey = LedgerItems.headKey(providerId);
        Map<String, AttributeValue> voucherKey = DynamoVoucherStore.voucherKey(voucherId);
        Map<String, KeysAndAttributes> wanted = new HashMap<>(Map.of(
                ledgerTable, KeysAndAttributes.builder().keys(redemptionKey, headKey).consistentRead(true).build(),
                vouchersTable, KeysAndAttributes.builder().keys(voucherKey).consistentRead(true).build()));
        Map<String, AttributeValue> redemption = null;
        Map<String, AttributeValue> head = null;
        Map<String, AttributeValue> voucher = null;
        // A batch may leave keys unprocessed (throttling): ask again for those alone.
        for (int round = 0; !wanted.isEmpty(); round++) {
            if (round == BATCH_ROUNDS) {
                // A transient failure: the message is retried later.
                throw new IllegalStateException("DynamoDB left keys unprocessed " + BATCH_ROUNDS + " times");
            }
            if (round > 0) {
                pause(round);
            }
            Map<String, KeysAndAttributes> ask = wanted;
            BatchGetItemResponse got = dynamoDb.batchGetItem(b -> b.requestItems(ask));
            for (Map.Entry<String, List<Map<String, AttributeValue>>> table : got.responses().entrySet()) {
                for (Map<String, AttributeValue> item : table.getValue()) {
                    if (table.getKey().equals(vouchersTable)) {
                        voucher = item;
                    } else if (item.get("pk").equals(redemptionKey.get("pk"))) {
                        redemption = item;
                    } else {
                        head = item;
                    }
                }
            }
            wanted = got.hasUnprocessedKeys() ? new HashMap<>(got.unprocessedKeys()) : Map.of();
        }
        return new Applying(redemption == null ? Optional.empty() : Optional.of(LedgerItems.redemption(redemption)),
                DynamoVoucherStore.factsOf(voucher), seq(head));
    }

    private static void pause(int round) {
        try {
            Thread.sleep(Math.min(200, 10L << Math.min(round, 4)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The ledger's next number, taken in the transaction that writes the entry: no gaps, no reuse. */
    private TransactWriteItem advanceHead(String providerId, long head) {
        // The head is also listed in the sparse "ledgers" index, which reimbursement runs walk.
        Map<String, AttributeValue> item = Map.of("pk", s("LEDGER#" + providerId), "sk", s("HEAD"), "seq", n(head + 1),
                "gsi3pk", s(LedgerItems.ledgerShard(providerId)), "gsi3sk", s(providerId));
        if (head == 0) {
            return TransactWriteItem.builder().put(p -> p.tableName(ledgerTable).item(item)
                    .conditionExpression("attribute_not_exists(pk)")).build();
        }
        return TransactWriteItem.builder().put(p -> p.tableName(ledgerTable).item(item)
                .conditionExpression("seq = :head").expressionAttributeValues(Map.of(":head", n(head)))).build();
    }

    private TransactWriteItem entry(String providerId, long sequence, String kind, Redemption r, VoucherFacts v, Instant at,
                                    long sign, Long reverses) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("LEDGER#" + providerId));
        item.put("sk", s(LedgerItems.entrySortKey(sequence)));
        item.put("seq", n(sequence));
        item.put("kind", s(kind));
        item.put("redemptionId", s(r.id()));
        item.put("voucherId", s(r.voucherId()));
        item.put("code", s(r.code()));
        item.put("service", s(r.service()));
        item.put("sessionDate", s(r.sessionDate().toString()));
        item.put("ruleSequence", n(v.ruleSequence()));
        item.put("incomeTier", s(v.incomeTier()));
        item.put("sign", n(sign));
        if (v.department() != null) {
            // Where the settlement records what it pays (MetricsPort.recordPaid).
            item.put("department", s(v.department()));
        }
        item.put("at", s(at.toString()));
        if (reverses != null) {
            item.put("reverses", n(reverses));
        }
        return TransactWriteItem.builder().put(p -> p.tableName(ledgerTable).item(item)
                .conditionExpression("attribute_not_exists(pk)")).build();
    }

    @Override
    public Outcome apply(Redemption r, VoucherFacts v, long head, Instant at) {
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(applyWrites(r, v, head, at)));
            return Outcome.APPLIED;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (failed(reasons, 0)) {
                return Outcome.ALREADY_DONE;
            }
            if (failed(reasons, 1)) {
                return Outcome.VOUCHER_UNAVAILABLE;
            }
            return Outcome.LEDGER_BUSY;
        }
    }

    /** The consumer's transaction (also written bare by the benchmarks, as the baseline). */
    List<TransactWriteItem> applyWrites(Redemption r, VoucherFacts v, long head, Instant at) {
        List<TransactWriteItem> writes = new ArrayList<>(List.of(
                TransactWriteItem.builder().update(u -> u.tableName(ledgerTable).key(LedgerItems.redemptionKey(r.id()))
                        .updateExpression("SET #status = :applied, ledgerSequence = :seq, updatedAt = :at REMOVE gsi2pk, gsi2sk")
                        .conditionExpression("#status = :pending")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(":applied", s(RedemptionStatus.APPLIED.name()),
                                ":pending", s(RedemptionStatus.PENDING.name()), ":seq", n(head + 1), ":at", s(at.toString()))))
                        .build(),
                TransactWriteItem.builder().update(u -> u.tableName(vouchersTable)
                        .key(Map.of("pk", s("VOUCHER#" + r.voucherId()), "sk", s("VOUCHER")))
                        .updateExpression("SET #status = :redeemed, redeemedBy = :provider, redemptionId = :redemption, statusAt = :at"
                                // Counted expired by the daily job, used after all: no longer expired, nor to be deleted.
                                + (v.expiredCounted() ? " REMOVE " + DynamoVoucherStore.EXPIRED_COUNTED + ", "
                                + DynamoVoucherStore.TTL_ATTRIBUTE : ""))
                        .conditionExpression("#status = :issued")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(":redeemed", s("REDEEMED"), ":issued", s("ISSUED"),
                                ":provider", s(r.providerId()), ":redemption", s(r.id()), ":at", s(at.toString()))))
                        .build(),
                advanceHead(r.providerId(), head),
                entry(r.providerId(), head + 1, "REDEMPTION", r, v, at, 1, null)));
        writes.addAll(tallies.writes(r, v, 1));
        return writes;
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return index >= 0 && reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    @Override
    public boolean reject(Redemption r, String reason, Instant at) {
        try {
            dynamoDb.updateItem(u -> u.tableName(ledgerTable).key(LedgerItems.redemptionKey(r.id()))
                    .updateExpression("SET #status = :rejected, reason = :reason, updatedAt = :at REMOVE gsi2pk, gsi2sk")
                    .conditionExpression("#status = :pending")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":rejected", s(RedemptionStatus.REJECTED.name()),
                            ":pending", s(RedemptionStatus.PENDING.name()), ":reason", s(reason), ":at", s(at.toString()))));
            return true;
        } catch (ConditionalCheckFailedException alreadyDone) {
            // Another delivery of the same message got there first: nothing to do.
            return false;
        }
    }

    @Override
    public void cancel(Redemption r, VoucherFacts v, Instant at) {
        if (r.status() == RedemptionStatus.PENDING) {
            try {
                dynamoDb.updateItem(u -> u.tableName(ledgerTable).key(LedgerItems.redemptionKey(r.id()))
                        .updateExpression("SET #status = :cancelled, updatedAt = :at REMOVE gsi2pk, gsi2sk")
                        .conditionExpression("#status = :pending")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(":cancelled", s(RedemptionStatus.CANCELLED.name()),
                                ":pending", s(RedemptionStatus.PENDING.name()), ":at", s(at.toString()))));
                return;
            } catch (ConditionalCheckFailedException e) {
                throw changedMeanwhile();
            }
        }
        // Settled or not, the cancellation is a reversal entry after the session's: if a run has
        // already paid the session, the next run turns the reversal into a negative line.
        long head = ledgerHead(r.providerId());
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(u -> u.tableName(ledgerTable).key(LedgerItems.redemptionKey(r.id()))
                .updateExpression("SET #status = :cancelled, updatedAt = :at")
                .conditionExpression("#status = :applied")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":cancelled", s(RedemptionStatus.CANCELLED.name()),
                        ":applied", s(RedemptionStatus.APPLIED.name()), ":at", s(at.toString())))).build());
        writes.add(TransactWriteItem.builder().update(u -> u.tableName(vouchersTable)
                .key(Map.of("pk", s("VOUCHER#" + r.voucherId()), "sk", s("VOUCHER")))
                .updateExpression("SET #status = :issued, statusAt = :at REMOVE redeemedBy, redemptionId")
                .conditionExpression("#status = :redeemed AND redemptionId = :redemption")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":issued", s("ISSUED"), ":redeemed", s("REDEEMED"),
                        ":redemption", s(r.id()), ":at", s(at.toString())))).build());
        writes.add(advanceHead(r.providerId(), head));
        writes.add(entry(r.providerId(), head + 1, "REVERSAL", r, v, at, -1, r.ledgerSequence()));
        writes.addAll(tallies.writes(r, v, -1));
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(writes));
        } catch (TransactionCanceledException e) {
            throw changedMeanwhile();
        }
    }

    private static Rejection changedMeanwhile() {
        return new Rejection(Rejection.Kind.CONFLICT, "concurrent-change", "Modification simultanée",
                "Cette déclaration vient de changer d'état : rechargez-la.", List.of());
    }

    static String encodeCursor(Map<String, AttributeValue> key) {
        String raw = String.join("\n", key.get("pk").s(), key.get("sk").s(), key.get("gsi1pk").s(), key.get("gsi1sk").s());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** A cursor only ever walks its own provider's history. */
    static Map<String, AttributeValue> decodeCursor(String cursor, String providerId) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 4 || !parts[2].equals("PROVIDER#" + providerId)) {
                throw new IllegalArgumentException();
            }
            return Map.of("pk", s(parts[0]), "sk", s(parts[1]), "gsi1pk", s(parts[2]), "gsi1sk", s(parts[3]));
        } catch (IllegalArgumentException e) {
            throw Rejection.invalidQuery("invalid-cursor", "Curseur invalide", "cursor",
                    "Ce curseur de pagination n'est pas valide : repartez de la première page.");
        }
    }
}
