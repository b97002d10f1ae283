package eu.passerelle.functions.evaluation;

import eu.passerelle.evaluation.AreaMonth;
import eu.passerelle.evaluation.Counter;
import eu.passerelle.evaluation.Evaluation;
import eu.passerelle.evaluation.MetricsPort;
import eu.passerelle.evaluation.Tally;
import eu.passerelle.signals.DaySessions;
import eu.passerelle.signals.ProviderMonth;
import eu.passerelle.signals.ProviderProfile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static eu.passerelle.functions.evaluation.MetricsItems.n;
import static eu.passerelle.functions.evaluation.MetricsItems.s;

/** Reads the counters of the MetricsTable by key (never a scan), and records payments. */
public final class DynamoMetrics implements MetricsPort, eu.passerelle.evaluation.Counters,
        eu.passerelle.signals.SignalCounters {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoMetrics(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public String table() {
        return table;
    }

    @Override
    public void recordPaid(String department, YearMonth month, String service, long cents) {
        // Outside a transaction each cell is one atomic ADD; a settlement that wants exactly-once
        // puts paid(...) in the transaction that writes its statement instead.
        for (var w : paid(new CounterUpdates(), department, month, service, cents,
                department + "|" + month + "|" + service).updates()) {
            dynamoDb.updateItem(u -> u.tableName(w.tableName()).key(w.key()).updateExpression(w.updateExpression())
                    .expressionAttributeNames(w.expressionAttributeNames())
                    .expressionAttributeValues(w.expressionAttributeValues()));
        }
    }

    /**
     * The "paid" counter updates to put in the settlement's own transaction (department and
     * national cells), added to {@code into}: a statement paying into several departments adds
     * to one national cell several times, which must be one update of that item.
     *
     * @param subject spreads writes over shards: the statement or provider id
     */
    public CounterUpdates paid(CounterUpdates into, String department, YearMonth month, String service, long cents,
                               String subject) {
        return into.tallies(table, Evaluation.paid(department, month, service, cents), subject);
    }

    /** Every cell of an area up to {@code to}, shards summed: one query on one partition. */
    @Override
    public Map<AreaMonth, Map<Counter, Long>> area(String area, YearMonth to) {
        Map<AreaMonth, Map<Counter, Long>> cells = new HashMap<>();
        query(QueryRequest.builder().tableName(table).keyConditionExpression("pk = :pk AND sk < :to")
                .expressionAttributeValues(Map.of(":pk", s("AREA#" + area), ":to", s("M#" + to.plusMonths(1)))), item -> {
            String[] parts = item.get("sk").s().split("#");
            AreaMonth cell = new AreaMonth(area, YearMonth.parse(parts[1]), parts[2]);
            Map<Counter, Long> values = MetricsItems.counters(item);
            cells.merge(cell, values, (a, b) -> {
                Map<Counter, Long> sum = new java.util.EnumMap<>(Counter.class);
                sum.putAll(a);
                b.forEach((k, v) -> sum.merge(k, v, Long::sum));
                return sum;
            });
        });
        return cells;
    }

    /** Adds tallies outside any transaction (tests and tools). */
    public void add(List<Tally> tallies, String subject) {
        for (TransactWriteItem w : MetricsItems.writes(table, tallies, subject)) {
            dynamoDb.updateItem(u -> u.tableName(table).key(w.update().key()).updateExpression(w.update().updateExpression())
                    .expressionAttributeNames(w.update().expressionAttributeNames())
                    .expressionAttributeValues(w.update().expressionAttributeValues()));
        }
    }

    @Override
    public List<ProviderMonth> providerMonths(YearMonth month) {
        List<ProviderMonth> rows = new ArrayList<>();
        query(QueryRequest.builder().tableName(table).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s("PMONTH#" + month))), item -> {
            long[] weekdays = new long[7];
            for (int d = 1; d <= 7; d++) {
                weekdays[d - 1] = num(item, "wd" + d);
            }
            rows.add(new ProviderMonth(item.get("sk").s(), item.get("department").s(), item.get("service").s(), month,
                    num(item, "sessions"), num(item, "lastDay"), weekdays));
        });
        return rows;
    }

    @Override
    public List<DaySessions> days(String providerId, YearMonth month) {
        List<DaySessions> days = new ArrayList<>();
        query(QueryRequest.builder().tableName(table).keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", s("PDAY#" + providerId), ":from", s("D#" + month.atDay(1)),
                        ":to", s("D#" + month.atEndOfMonth()))), item -> {
            long sessions = num(item, "sessions");
            if (sessions > 0) {
                days.add(new DaySessions(LocalDate.parse(item.get("sk").s().substring(2)), sessions));
            }
        });
        return days;
    }

    @Override
    public Map<String, ProviderProfile> profiles(Collection<String> providerIds) {
        Map<String, ProviderProfile> profiles = new HashMap<>();
        List<String> ids = new ArrayList<>(new java.util.LinkedHashSet<>(providerIds));
        for (int i = 0; i < ids.size(); i += 100) {
            List<Map<String, AttributeValue>> keys = ids.subList(i, Math.min(ids.size(), i + 100)).stream()
                    .map(MetricsItems::profileKey).toList();
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (pending != null && !pending.isEmpty()) {
                Map<String, KeysAndAttributes> asked = pending;
                var response = dynamoDb.batchGetItem(b -> b.requestItems(asked));
                response.responses().getOrDefault(table, List.of()).forEach(item -> {
                    ProviderProfile p = profile(item);
                    profiles.put(p.providerId(), p);
                });
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : null;
            }
        }
        return profiles;
    }

    @Override
    public ProviderProfile profile(String providerId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).key(MetricsItems.profileKey(providerId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? new ProviderProfile(providerId, null, Set.of()) : profile(item);
    }

    /** The days of the week a provider declares closed (replaces the previous declaration). */
    @Override
    public void closedDays(String providerId, Set<DayOfWeek> days) {
        List<AttributeValue> list = days.stream().sorted().map(d -> s(d.name())).toList();
        dynamoDb.updateItem(u -> u.tableName(table).key(MetricsItems.profileKey(providerId))
                .updateExpression("SET closedDays = :days").expressionAttributeValues(Map.of(":days", AttributeValue.fromL(list))));
    }

    private static ProviderProfile profile(Map<String, AttributeValue> item) {
        String id = item.get("pk").s().substring("PROVIDER#".length());
        Set<DayOfWeek> closed = EnumSet.noneOf(DayOfWeek.class);
        if (item.containsKey("closedDays") && item.get("closedDays").hasL()) {
            item.get("closedDays").l().forEach(v -> closed.add(DayOfWeek.valueOf(v.s())));
        }
        return new ProviderProfile(id, item.containsKey("approvedAt") ? Instant.parse(item.get("approvedAt").s()) : null, closed);
    }

    /** Notes when a job last ran and what it did (shown on the dashboard). */
    public void jobRan(String job, Instant at, long count) {
        dynamoDb.updateItem(u -> u.tableName(table).key(Map.of("pk", s("JOB#" + job), "sk", s("RUN")))
                .updateExpression("SET lastRunAt = :at ADD total :n")
                .expressionAttributeValues(Map.of(":at", s(at.toString()), ":n", n(count))));
    }

    private void query(QueryRequest.Builder q, Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        do {
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            QueryResponse page = dynamoDb.query(q.build());
            page.items().forEach(each);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }
}
