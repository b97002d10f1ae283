package eu.passerelle.functions.reimbursement;

import eu.passerelle.functions.evaluation.CounterUpdates;
import eu.passerelle.functions.evaluation.DynamoMetrics;
import eu.passerelle.functions.redemption.LedgerItems;
import eu.passerelle.providers.Page;
import eu.passerelle.reimbursement.LedgerEntry;
import eu.passerelle.reimbursement.ReimbursementStore;
import eu.passerelle.reimbursement.Run;
import eu.passerelle.reimbursement.Statement;
import eu.passerelle.reimbursement.StatementLine;
import eu.passerelle.reimbursement.StatementSummary;
import eu.passerelle.reimbursement.Watermark;
import eu.passerelle.Rejection;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Runs and statements in the ReimbursementTable; providers' ledgers and settlement watermarks in
 * the LedgerTable (README, data model):
 * <ul>
 *   <li>{@code RUNS / RUN#<runId>}: a run and its counters (run ids sort by time);</li>
 *   <li>{@code RUN#<runId> / STATEMENT#<providerId>}: a statement's totals, in index
 *       {@code byProvider} ({@code gsi1pk} = {@code PROVIDER#id}, {@code gsi1sk} = time and run);</li>
 *   <li>{@code RUN#<runId> / LINES#<providerId>#0002…}: its lines beyond the first 500 (which are in
 *       the statement item), 500 per item;</li>
 *   <li>{@code RUN#<runId> / FILE#0001…}: the payment file, gzipped, in chunks;</li>
 *   <li>LedgerTable {@code LEDGER#<providerId> / SETTLED}: the provider's watermark.</li>
 * </ul>
 * A statement, its lines, the watermark's conditional move, the run's counters and the
 * coordination's "paid" counters are one transaction: a run writes O(providers) items, whatever
 * the number of redemptions, and money paid is counted exactly when it is committed.
 */
public final class DynamoReimbursementStore implements ReimbursementStore {

    public static final String TABLE_SETTING = "REIMBURSEMENT_TABLE";
    public static final String BY_PROVIDER = "byProvider";
    static final int LINES_PER_ITEM = 500;
    /** What index byProvider carries of a statement: its summary, not its lines (template.yaml lists the same). */
    public static final List<String> SUMMARY_ATTRIBUTES = List.of("runId", "providerId", "reference", "settledAfter",
            "settledThrough", "lineCount", "linesTotalCents", "carriedInCents", "balanceCents", "payableCents",
            "carriedOutCents", "createdAt");
    private static final int FILE_CHUNK_BYTES = 300_000;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String ledgerTable;
    private final DynamoMetrics metrics;

    /**
     * A store that counts money paid nowhere: for the functions that start and read runs and
     * statements ({@code ledgerTable} null: they never touch the ledgers), tools and benchmarks.
     */
    public DynamoReimbursementStore(DynamoDbClient dynamoDb, String table, String ledgerTable) {
        this(dynamoDb, table, ledgerTable, null);
    }

    /**
     * @param metrics where the coordination's "paid" counters are added, in each statement's own
     *                transaction: counted exactly once, with the payment they count
     */
    public DynamoReimbursementStore(DynamoDbClient dynamoDb, String table, String ledgerTable, DynamoMetrics metrics) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.ledgerTable = ledgerTable;
        this.metrics = metrics;
    }

    /** The ledgers are read and written by the run executor only; the other functions have no access to them. */
    private String ledgerTable() {
        if (ledgerTable == null) {
            throw new IllegalStateException("This function settles nothing: LEDGER_TABLE is not in its environment");
        }
        return ledgerTable;
    }

    private static Map<String, AttributeValue> runKey(String runId) {
        return Map.of("pk", s("RUNS"), "sk", s("RUN#" + runId));
    }

    @Override
    public boolean create(Run run) {
        Map<String, AttributeValue> item = new HashMap<>(runKey(run.id()));
        item.put("id", s(run.id()));
        item.put("requestedBy", s(run.requestedBy()));
        item.put("cutoff", s(run.cutoff().toString()));
        item.put("status", s(run.status().name()));
        item.put("startedAt", s(run.startedAt().toString()));
        item.put("providersTotal", n(run.providersTotal()));
        item.put("providersDone", n(0));
        item.put("linesCount", n(0));
        item.put("linesTotalCents", n(0));
        item.put("controlSumCents", n(0));
        item.put("transfers", n(0));
        try {
            dynamoDb.putItem(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public Optional<Run> run(String runId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).key(runKey(runId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(run(item));
    }

    private static Run run(Map<String, AttributeValue> i) {
        return new Run(i.get("id").s(), i.get("requestedBy").s(), Instant.parse(i.get("cutoff").s()),
                Run.Status.valueOf(i.get("status").s()), Instant.parse(i.get("startedAt").s()),
                i.containsKey("finishedAt") ? Instant.parse(i.get("finishedAt").s()) : null,
                (int) num(i, "providersTotal"), (int) num(i, "providersDone"), num(i, "linesCount"),
                num(i, "linesTotalCents"), num(i, "controlSumCents"), (int) num(i, "transfers"),
                i.containsKey("fileReference") ? i.get("fileReference").s() : null,
                i.containsKey("problem") ? i.get("problem").s() : null);
    }

    @Override
    public Page<Run> runs(String cursor, int limit) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :runs AND begins_with(sk, :run)")
                .expressionAttributeValues(Map.of(":runs", s("RUNS"), ":run", s("RUN#")))
                .scanIndexForward(false).limit(limit).consistentRead(true);
        if (cursor != null && !cursor.isBlank()) {
            q.exclusiveStartKey(Map.of("pk", s("RUNS"), "sk", s("RUN#" + decode(cursor))));
        }
        QueryResponse page = dynamoDb.query(q.build());
        String next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? encode(page.lastEvaluatedKey().get("sk").s().substring(4)) : null;
        return new Page<>(page.items().stream().map(DynamoReimbursementStore::run).toList(), next);
    }

    @Override
    public void providersFound(String runId, int providers) {
        dynamoDb.updateItem(u -> u.tableName(table).key(runKey(runId)).updateExpression("SET providersTotal = :n")
                .expressionAttributeValues(Map.of(":n", n(providers))));
    }

    @Override
    public void ledgers(Consumer<Ledger> each) {
        for (int shard = 0; shard < LedgerItems.LEDGER_SHARDS; shard++) {
            String partition = "LEDGERS#" + shard;
            QueryRequest request = QueryRequest.builder().tableName(ledgerTable()).indexName(LedgerItems.LEDGERS)
                    .keyConditionExpression("gsi3pk = :shard").expressionAttributeValues(Map.of(":shard", s(partition)))
                    .build();
            for (QueryResponse page : dynamoDb.queryPaginator(request)) {
                page.items().forEach(i -> each.accept(new Ledger(i.get("gsi3sk").s(), Long.parseLong(i.get("seq").n()))));
            }
        }
    }

    @Override
    public Map<String, Watermark> watermarks(List<String> providerIds) {
        Map<String, Watermark> marks = new HashMap<>();
        List<Map<String, AttributeValue>> keys = providerIds.stream().distinct().map(LedgerItems::settledKey).toList();
        for (int from = 0; from < keys.size(); from += 100) {
            Map<String, KeysAndAttributes> request = Map.of(ledgerTable(), KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + 100))).consistentRead(true).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> ask = request;
                BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(ask));
                response.responses().getOrDefault(ledgerTable(), List.of()).forEach(i -> marks.put(
                        i.get("pk").s().substring("LEDGER#".length()), watermark(i)));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return marks;
    }

    private static Watermark watermark(Map<String, AttributeValue> i) {
        return new Watermark(num(i, "settledThrough"), num(i, "carriedCents"),
                i.containsKey("lastRunId") ? i.get("lastRunId").s() : null);
    }

    @Override
    public List<LedgerEntry> entriesAfter(String providerId, long after, int limit) {
        List<LedgerEntry> entries = new ArrayList<>();
        QueryRequest request = QueryRequest.builder().tableName(ledgerTable())
                .keyConditionExpression("pk = :ledger AND sk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":ledger", s("LEDGER#" + providerId),
                        ":from", s(LedgerItems.entrySortKey(after + 1)), ":to", s(LedgerItems.entrySortKey(999_999_999_999L))))
                .consistentRead(true).limit(Math.min(limit, 1000)).build();
        for (QueryResponse page : dynamoDb.queryPaginator(request)) {
            for (Map<String, AttributeValue> i : page.items()) {
                if (entries.size() == limit) {
                    return entries;
                }
                entries.add(entry(providerId, i));
            }
        }
        return entries;
    }

    static LedgerEntry entry(String providerId, Map<String, AttributeValue> i) {
        return new LedgerEntry(providerId, num(i, "seq"), LedgerEntry.Kind.valueOf(i.get("kind").s()),
                i.get("redemptionId").s(), i.get("voucherId").s(),
                i.containsKey("code") ? i.get("code").s() : i.get("voucherId").s(), i.get("service").s(),
                LocalDate.parse(i.get("sessionDate").s()), (int) num(i, "ruleSequence"), i.get("incomeTier").s(),
                Instant.parse(i.get("at").s()), i.containsKey("reverses") ? num(i, "reverses") : null,
                i.containsKey("department") ? i.get("department").s() : null);
    }

    @Override
    public Commit commit(Statement st, Watermark from) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> header = new HashMap<>();
        header.put("pk", s("RUN#" + st.runId()));
        header.put("sk", s("STATEMENT#" + st.providerId()));
        header.put("gsi1pk", s("PROVIDER#" + st.providerId()));
        header.put("gsi1sk", s(st.createdAt() + "#" + st.runId()));
        header.put("runId", s(st.runId()));
        header.put("providerId", s(st.providerId()));
        header.put("reference", s(st.reference()));
        header.put("settledAfter", n(st.settledAfter()));
        header.put("settledThrough", n(st.settledThrough()));
        header.put("lineCount", n(st.lines().size()));
        header.put("linesTotalCents", n(st.linesTotalCents()));
        header.put("carriedInCents", n(st.carriedInCents()));
        header.put("balanceCents", n(st.balanceCents()));
        header.put("payableCents", n(st.payableCents()));
        header.put("carriedOutCents", n(st.carriedOutCents()));
        header.put("createdAt", s(st.createdAt().toString()));
        List<StatementLine> lines = st.lines();
        // The first 500 lines travel in the statement item itself; more go to LINES# items.
        header.put("lines", s(StatementLines.encode(lines.subList(0, Math.min(lines.size(), LINES_PER_ITEM)))));
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(header)
                .conditionExpression("attribute_not_exists(pk)")).build());
        for (int page = 1; page * LINES_PER_ITEM < lines.size(); page++) {
            Map<String, AttributeValue> item = Map.of("pk", s("RUN#" + st.runId()),
                    "sk", s(String.format("LINES#%s#%04d", st.providerId(), page + 1)),
                    "lines", s(StatementLines.encode(lines.subList(page * LINES_PER_ITEM,
                            Math.min(lines.size(), (page + 1) * LINES_PER_ITEM)))));
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk)")).build());
        }
        Map<String, AttributeValue> mark = new HashMap<>(LedgerItems.settledKey(st.providerId()));
        mark.put("settledThrough", n(st.settledThrough()));
        mark.put("carriedCents", n(st.carriedOutCents()));
        mark.put("lastRunId", s(st.runId()));
        mark.put("at", s(st.createdAt().toString()));
        int markIndex = writes.size();
        writes.add(from.lastRunId() == null && from.settledThrough() == 0
                ? TransactWriteItem.builder().put(p -> p.tableName(ledgerTable()).item(mark)
                .conditionExpression("attribute_not_exists(pk)")).build()
                : TransactWriteItem.builder().put(p -> p.tableName(ledgerTable()).item(mark)
                .conditionExpression("settledThrough = :from AND lastRunId = :last")
                .expressionAttributeValues(Map.of(":from", n(from.settledThrough()), ":last", s(from.lastRunId())))).build());
        int runIndex = writes.size();
        writes.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(runKey(st.runId()))
                .updateExpression("ADD providersDone :one, linesCount :lines, linesTotalCents :total, "
                        + "controlSumCents :payable, transfers :transfer")
                .conditionExpression("#status = :running")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":one", n(1), ":lines", n(lines.size()), ":total", n(st.linesTotalCents()),
                        ":payable", n(st.payableCents()), ":transfer", n(st.payableCents() > 0 ? 1 : 0),
                        ":running", s(Run.Status.RUNNING.name())))).build());
        if (metrics != null) {
            // Merged per item: sessions of two departments both add to the national cell.
            CounterUpdates paid = new CounterUpdates();
            st.paidByCell().forEach((cell, cents) -> metrics.paid(paid, cell.department(), cell.month(), cell.service(), cents,
                    st.reference()));
            writes.addAll(paid.writes());
        }
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(writes));
            return Commit.COMMITTED;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            boolean watermarkMoved = reasons.size() > markIndex && "ConditionalCheckFailed".equals(reasons.get(markIndex).code());
            if (!watermarkMoved && reasons.size() > runIndex && "ConditionalCheckFailed".equals(reasons.get(runIndex).code())) {
                return Commit.RUN_FINISHED;
            }
            // The watermark moved, this run already wrote this statement, or another transaction
            // touched the same items at the same moment: the caller reads the watermark again.
            return Commit.WATERMARK_MOVED;
        }
    }

    @Override
    public void statements(String runId, Consumer<StatementSummary> each) {
        QueryRequest request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :run AND begins_with(sk, :statement)")
                .expressionAttributeValues(Map.of(":run", s("RUN#" + runId), ":statement", s("STATEMENT#")))
                .consistentRead(true).build();
        for (QueryResponse page : dynamoDb.queryPaginator(request)) {
            page.items().forEach(i -> each.accept(summary(i)));
        }
    }

    private static StatementSummary summary(Map<String, AttributeValue> i) {
        return new StatementSummary(i.get("runId").s(), i.get("providerId").s(), i.get("reference").s(),
                num(i, "settledAfter"), num(i, "settledThrough"), (int) num(i, "lineCount"), num(i, "linesTotalCents"),
                num(i, "carriedInCents"), num(i, "balanceCents"), num(i, "payableCents"), num(i, "carriedOutCents"),
                Instant.parse(i.get("createdAt").s()));
    }

    @Override
    public Optional<Statement> statement(String runId, String providerId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of("pk", s("RUN#" + runId), "sk", s("STATEMENT#" + providerId)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(withLines(item));
    }

    @Override
    public void statementsWithLines(String runId, Consumer<Statement> each) {
        QueryRequest request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :run AND begins_with(sk, :statement)")
                .expressionAttributeValues(Map.of(":run", s("RUN#" + runId), ":statement", s("STATEMENT#")))
                .consistentRead(true).build();
        for (QueryResponse page : dynamoDb.queryPaginator(request)) {
            page.items().forEach(i -> each.accept(withLines(i)));
        }
    }

    /** A statement item and its lines: in the item, plus LINES# items beyond the first 500. */
    private Statement withLines(Map<String, AttributeValue> item) {
        StatementSummary h = summary(item);
        List<StatementLine> lines = new ArrayList<>(item.containsKey("lines") ? StatementLines.decode(item.get("lines").s()) : List.of());
        if (h.lineCount() > lines.size()) {
            QueryRequest request = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :run AND begins_with(sk, :lines)")
                    .expressionAttributeValues(Map.of(":run", s("RUN#" + h.runId()), ":lines", s("LINES#" + h.providerId() + "#")))
                    .consistentRead(true).build();
            for (QueryResponse page : dynamoDb.queryPaginator(request)) {
                page.items().forEach(i -> lines.addAll(StatementLines.decode(i.get("lines").s())));
            }
        }
        // The record checks that the stored lines add up to the stored totals.
        return new Statement(h.runId(), h.providerId(), h.reference(), h.settledAfter(), h.settledThrough(),
                lines, h.linesTotalCents(), h.carriedInCents(), h.balanceCents(), h.payableCents(), h.carriedOutCents(),
                h.createdAt());
    }

    @Override
    public Page<StatementSummary> statementsOf(String providerId, String cursor, int limit) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(BY_PROVIDER)
                .keyConditionExpression("gsi1pk = :provider")
                .expressionAttributeValues(Map.of(":provider", s("PROVIDER#" + providerId)))
                .scanIndexForward(false).limit(limit);
        if (cursor != null && !cursor.isBlank()) {
            String[] parts = decode(cursor).split("\n", -1);
            if (parts.length != 2) {
                throw invalidCursor();
            }
            q.exclusiveStartKey(Map.of("pk", s("RUN#" + parts[0]), "sk", s("STATEMENT#" + providerId),
                    "gsi1pk", s("PROVIDER#" + providerId), "gsi1sk", s(parts[1])));
        }
        QueryResponse page = dynamoDb.query(q.build());
        String next = null;
        if (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()) {
            Map<String, AttributeValue> last = page.lastEvaluatedKey();
            next = encode(last.get("pk").s().substring(4) + "\n" + last.get("gsi1sk").s());
        }
        return new Page<>(page.items().stream().map(DynamoReimbursementStore::summary).toList(), next);
    }

    /**
     * {@code RUN#<run> / HELD#<provider>}, also in index byProvider under {@code HELD#<provider>}
     * (apart from the statements' {@code PROVIDER#}); the index carries only its key and summary
     * attributes, so the provider's latest hold is read back by its key.
     */
    @Override
    public void hold(Hold h) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("RUN#" + h.runId()));
        item.put("sk", s("HELD#" + h.providerId()));
        item.put("gsi1pk", s("HELD#" + h.providerId()));
        item.put("gsi1sk", s(h.at() + "#" + h.runId()));
        item.put("runId", s(h.runId()));
        item.put("providerId", s(h.providerId()));
        item.put("createdAt", s(h.at().toString()));
        item.put("reason", s(h.reason()));
        item.put("sessions", n(h.sessions()));
        item.put("waitingCents", n(h.waitingCents()));
        dynamoDb.putItem(p -> p.tableName(table).item(item));
    }

    @Override
    public List<Hold> holds(String runId) {
        QueryRequest request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :run AND begins_with(sk, :held)")
                .expressionAttributeValues(Map.of(":run", s("RUN#" + runId), ":held", s("HELD#")))
                .consistentRead(true).build();
        List<Hold> all = new ArrayList<>();
        for (QueryResponse page : dynamoDb.queryPaginator(request)) {
            page.items().forEach(i -> all.add(hold(i)));
        }
        return all;
    }

    @Override
    public Optional<Hold> lastHold(String providerId) {
        List<Map<String, AttributeValue>> latest = dynamoDb.query(q -> q.tableName(table).indexName(BY_PROVIDER)
                .keyConditionExpression("gsi1pk = :held")
                .expressionAttributeValues(Map.of(":held", s("HELD#" + providerId)))
                .scanIndexForward(false).limit(1)).items();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of("pk", latest.get(0).get("pk"), "sk", latest.get(0).get("sk")))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(hold(item));
    }

    private static Hold hold(Map<String, AttributeValue> i) {
        return new Hold(i.get("runId").s(), i.get("providerId").s(), i.get("reason").s(), (int) num(i, "sessions"),
                num(i, "waitingCents"), Instant.parse(i.get("createdAt").s()));
    }

    @Override
    public void complete(String runId, String fileReference, String file, Instant at) {
        if (file == null) {
            try {
                dynamoDb.updateItem(u -> u.tableName(table).key(runKey(runId))
                        .updateExpression("SET #status = :completed, finishedAt = :at")
                        .conditionExpression("#status = :running")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(":completed", s(Run.Status.COMPLETED.name()),
                                ":at", s(at.toString()), ":running", s(Run.Status.RUNNING.name()))));
            } catch (ConditionalCheckFailedException alreadyFinished) {
                // Finished meanwhile.
            }
            return;
        }
        byte[] gzipped = gzip(file);
        int chunks = 0;
        for (int from = 0; from < gzipped.length || from == 0; from += FILE_CHUNK_BYTES) {
            chunks++;
            Map<String, AttributeValue> item = Map.of("pk", s("RUN#" + runId), "sk", s(String.format("FILE#%04d", chunks)),
                    "data", AttributeValue.fromB(SdkBytes.fromByteArray(Arrays.copyOfRange(gzipped, from,
                            Math.min(gzipped.length, from + FILE_CHUNK_BYTES)))));
            dynamoDb.putItem(p -> p.tableName(table).item(item));
            if (gzipped.length == 0) {
                break;
            }
        }
        int written = chunks;
        try {
            dynamoDb.updateItem(u -> u.tableName(table).key(runKey(runId))
                    .updateExpression("SET #status = :completed, fileReference = :ref, fileChunks = :chunks, finishedAt = :at")
                    .conditionExpression("#status = :running")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":completed", s(Run.Status.COMPLETED.name()), ":ref", s(fileReference),
                            ":chunks", n(written), ":at", s(at.toString()), ":running", s(Run.Status.RUNNING.name()))));
        } catch (ConditionalCheckFailedException alreadyFinished) {
            // Another execution finished it first, with the same statements: the same file.
        }
    }

    @Override
    public void block(String runId, String problem, Instant at) {
        try {
            dynamoDb.updateItem(u -> u.tableName(table).key(runKey(runId))
                    .updateExpression("SET #status = :blocked, problem = :problem, finishedAt = :at")
                    .conditionExpression("#status = :running")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":blocked", s(Run.Status.BLOCKED.name()), ":problem", s(problem),
                            ":at", s(at.toString()), ":running", s(Run.Status.RUNNING.name()))));
        } catch (ConditionalCheckFailedException alreadyFinished) {
            // Finished meanwhile: its state stands.
        }
    }

    @Override
    public boolean reopen(String runId, Instant at) {
        try {
            dynamoDb.updateItem(u -> u.tableName(table).key(runKey(runId))
                    .updateExpression("SET #status = :running, heartbeatAt = :at, resumedAt = :at REMOVE problem, finishedAt")
                    .conditionExpression("#status = :blocked")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":running", s(Run.Status.RUNNING.name()), ":at", s(at.toString()),
                            ":blocked", s(Run.Status.BLOCKED.name()))));
            return true;
        } catch (ConditionalCheckFailedException notBlocked) {
            return false;
        }
    }

    @Override
    public void heartbeat(String runId, Instant at) {
        try {
            dynamoDb.updateItem(u -> u.tableName(table).key(runKey(runId))
                    .updateExpression("SET heartbeatAt = :at")
                    .conditionExpression("#status = :running")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":at", s(at.toString()), ":running", s(Run.Status.RUNNING.name()))));
        } catch (ConditionalCheckFailedException finished) {
            // Finished meanwhile: nothing to keep alive.
        }
    }

    @Override
    public Optional<Instant> lastHeartbeat(String runId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).key(runKey(runId)).consistentRead(true)
                .projectionExpression("heartbeatAt")).item();
        return item == null || !item.containsKey("heartbeatAt") ? Optional.empty()
                : Optional.of(Instant.parse(item.get("heartbeatAt").s()));
    }

    @Override
    public Optional<String> paymentFile(String runId) {
        Map<String, AttributeValue> run = dynamoDb.getItem(g -> g.tableName(table).key(runKey(runId)).consistentRead(true)).item();
        if (run == null || !run.containsKey("fileChunks")) {
            return Optional.empty();
        }
        int chunks = (int) num(run, "fileChunks");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        QueryRequest request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :run AND begins_with(sk, :file)")
                .expressionAttributeValues(Map.of(":run", s("RUN#" + runId), ":file", s("FILE#")))
                .consistentRead(true).build();
        int read = 0;
        for (QueryResponse page : dynamoDb.queryPaginator(request)) {
            for (Map<String, AttributeValue> i : page.items()) {
                if (++read <= chunks) {
                    all.writeBytes(i.get("data").b().asByteArray());
                }
            }
        }
        return Optional.of(gunzip(all.toByteArray()));
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
    }

    private static Rejection invalidCursor() {
        return Rejection.invalidQuery("invalid-cursor", "Curseur invalide", "cursor",
                "Ce curseur de pagination n'est pas valide : repartez de la première page.");
    }

    private static long num(Map<String, AttributeValue> i, String name) {
        AttributeValue v = i.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
