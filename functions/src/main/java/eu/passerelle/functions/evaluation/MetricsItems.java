package eu.passerelle.functions.evaluation;

import eu.passerelle.evaluation.AreaMonth;
import eu.passerelle.evaluation.Counter;
import eu.passerelle.evaluation.Tally;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The items of the MetricsTable (README, data model), written with atomic ADD updates inside the
 * transaction of the event they count:
 * <ul>
 *   <li>{@code AREA#<dept|ALL> / M#<yyyy-MM>#<service>#<shard>}: the coordination counters, spread
 *       over {@link #SHARDS} items per cell so that concurrent events rarely touch the same item;</li>
 *   <li>{@code PMONTH#<yyyy-MM> / <providerId>}: a provider's sessions in a month (total, on the
 *       voucher's last day, per weekday), for the fraud signals;</li>
 *   <li>{@code PDAY#<providerId> / D#<date>}: a provider's sessions per day;</li>
 *   <li>{@code PROVIDER#<id> / PROFILE}: first approval, department, service and declared closed days;</li>
 *   <li>{@code JOB#expiry / RUN}: the expiry job's last run (for the page only).</li>
 * </ul>
 */
public final class MetricsItems {

    public static final String TABLE_SETTING = "METRICS_TABLE";
    public static final int SHARDS = 8;

    private MetricsItems() {
    }

    /** The shard an event goes to: stable for one subject, so a retry touches the same items. */
    public static int shard(String subject) {
        return Math.floorMod(subject.hashCode(), SHARDS);
    }

    public static Map<String, AttributeValue> cellKey(AreaMonth cell, int shard) {
        return Map.of("pk", s("AREA#" + cell.area()), "sk", s("M#" + cell.month() + "#" + cell.service() + "#" + shard));
    }

    public static Update.Builder add(String table, Map<String, AttributeValue> key, Map<String, Long> increments) {
        List<String> parts = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        int i = 0;
        for (Map.Entry<String, Long> e : increments.entrySet()) {
            parts.add("#a" + i + " :v" + i);
            names.put("#a" + i, e.getKey());
            values.put(":v" + i, n(e.getValue()));
            i++;
        }
        return Update.builder().tableName(table).key(key).updateExpression("ADD " + String.join(", ", parts))
                .expressionAttributeNames(names).expressionAttributeValues(values);
    }

    /**
     * The counter updates of some tallies, on the shard of {@code subject}, one update per
     * distinct item (CounterUpdates): a transaction that adds more must put them all in one CounterUpdates.
     */
    public static List<TransactWriteItem> writes(String table, List<Tally> tallies, String subject) {
        return new CounterUpdates().tallies(table, tallies, subject).writes();
    }

    /**
     * A provider's session counted (sign 1) or uncounted (sign -1) for the signals: the month row
     * and the day row.
     */
    public static List<TransactWriteItem> providerSession(String table, String providerId, String department, String service,
                                                          LocalDate sessionDate, boolean lastDay, int sign) {
        return providerSession(new CounterUpdates(), table, providerId, department, service, sessionDate, lastDay, sign).writes();
    }

    /** The same, added to the counter updates of a transaction. */
    public static CounterUpdates providerSession(CounterUpdates into, String table, String providerId, String department,
                                                 String service, LocalDate sessionDate, boolean lastDay, int sign) {
        Map<String, AttributeValue> month = Map.of("pk", s("PMONTH#" + YearMonth.from(sessionDate)), "sk", s(providerId));
        into.set(table, month, "department", s(department == null ? AreaMonth.UNKNOWN : department))
                .set(table, month, "service", s(service))
                .add(table, month, "sessions", sign)
                .add(table, month, "lastDay", lastDay ? sign : 0)
                .add(table, month, "wd" + sessionDate.getDayOfWeek().getValue(), sign);
        into.add(table, Map.of("pk", s("PDAY#" + providerId), "sk", s("D#" + sessionDate)), "sessions", sign);
        return into;
    }

    public static Map<String, AttributeValue> profileKey(String providerId) {
        return Map.of("pk", s("PROVIDER#" + providerId), "sk", s("PROFILE"));
    }

    /** Keeps the first approval date, and where the provider is counted. */
    public static TransactWriteItem profile(String table, String providerId, String department, String service,
                                            java.time.Instant approvedAt) {
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(profileKey(providerId))
                .updateExpression("SET approvedAt = if_not_exists(approvedAt, :at), department = :d, service = :s")
                .expressionAttributeValues(Map.of(":at", s(approvedAt.toString()),
                        ":d", s(department == null ? AreaMonth.UNKNOWN : department), ":s", s(service)))).build();
    }

    static Map<Counter, Long> counters(Map<String, AttributeValue> item) {
        Map<Counter, Long> c = new java.util.EnumMap<>(Counter.class);
        for (Counter counter : Counter.values()) {
            AttributeValue v = item.get(counter.attribute());
            if (v != null && v.n() != null) {
                c.put(counter, Long.parseLong(v.n()));
            }
        }
        return c;
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
