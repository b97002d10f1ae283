package eu.passerelle.functions.evaluation;

import eu.passerelle.evaluation.Tally;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The counter updates of one transaction, merged per item before the transaction is built.
 * DynamoDB refuses a {@code TransactWriteItems} that names one item twice, and counters meet on
 * shared items: a statement paying sessions of two departments adds to the national cell once
 * per department, two tallies of one event may land on the same shard. Every write that adds
 * counters inside a transaction goes through one of these: same item, one update, increments summed.
 */
public final class CounterUpdates {

    private record Item(String table, Map<String, AttributeValue> key) {
    }

    private static final class Changes {
        final Map<String, Long> adds = new LinkedHashMap<>();
        final Map<String, AttributeValue> sets = new LinkedHashMap<>();
    }

    private final Map<Item, Changes> items = new LinkedHashMap<>();

    /** Adds {@code delta} to a number attribute of an item (created at zero if absent). */
    public CounterUpdates add(String table, Map<String, AttributeValue> key, String attribute, long delta) {
        changes(table, key).adds.merge(attribute, delta, Long::sum);
        return this;
    }

    /**
     * Sets a descriptive attribute of a counted item (a provider's department on its month row).
     * Two different values for the same attribute of the same item is a programming error.
     */
    public CounterUpdates set(String table, Map<String, AttributeValue> key, String attribute, AttributeValue value) {
        AttributeValue before = changes(table, key).sets.putIfAbsent(attribute, value);
        if (before != null && !before.equals(value)) {
            throw new IllegalArgumentException("Two values for " + attribute + " of one item in one transaction: "
                    + before + ", " + value);
        }
        return this;
    }

    /** The coordination counters of some tallies, on the shard of {@code subject} (MetricsItems). */
    public CounterUpdates tallies(String table, List<Tally> tallies, String subject) {
        int shard = MetricsItems.shard(subject);
        for (Tally t : tallies) {
            Map<String, AttributeValue> key = MetricsItems.cellKey(t.cell(), shard);
            t.increments().forEach((counter, v) -> add(table, key, counter.attribute(), v));
        }
        return this;
    }

    private Changes changes(String table, Map<String, AttributeValue> key) {
        return items.computeIfAbsent(new Item(Objects.requireNonNull(table), Map.copyOf(key)), k -> new Changes());
    }

    /** One update per distinct item; items whose increments cancel out and set nothing are left out. */
    public List<TransactWriteItem> writes() {
        List<TransactWriteItem> writes = new ArrayList<>();
        items.forEach((item, changes) -> {
            Update update = update(item, changes);
            if (update != null) {
                writes.add(TransactWriteItem.builder().update(update).build());
            }
        });
        return writes;
    }

    /** The same updates, for callers outside a transaction (one atomic UpdateItem each). */
    public List<Update> updates() {
        List<Update> updates = new ArrayList<>();
        items.forEach((item, changes) -> {
            Update update = update(item, changes);
            if (update != null) {
                updates.add(update);
            }
        });
        return updates;
    }

    private static Update update(Item item, Changes changes) {
        List<String> sets = new ArrayList<>();
        List<String> adds = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        int i = 0;
        for (Map.Entry<String, AttributeValue> e : changes.sets.entrySet()) {
            names.put("#a" + i, e.getKey());
            values.put(":v" + i, e.getValue());
            sets.add("#a" + i + " = :v" + i);
            i++;
        }
        for (Map.Entry<String, Long> e : changes.adds.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            names.put("#a" + i, e.getKey());
            values.put(":v" + i, AttributeValue.fromN(Long.toString(e.getValue())));
            adds.add("#a" + i + " :v" + i);
            i++;
        }
        if (sets.isEmpty() && adds.isEmpty()) {
            return null;
        }
        String expression = (sets.isEmpty() ? "" : "SET " + String.join(", ", sets))
                + (sets.isEmpty() || adds.isEmpty() ? "" : " ")
                + (adds.isEmpty() ? "" : "ADD " + String.join(", ", adds));
        return Update.builder().tableName(item.table()).key(item.key()).updateExpression(expression)
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }
}
