package eu.passerelle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A table's items (sorted by key, each stored as its JSON bytes: compact, and immutable so that
 * readers never see half an item), its secondary indexes (sorted maps from index key to item key:
 * a Query on an index walks a range, never the table) and its TTL queue (sorted by expiry).
 * Every change goes through {@link #apply}, called by the {@link Database} under its write lock.
 */
public final class Table {

    private static final int PARTITION_KEY_LIMIT = 2048;
    private static final int SORT_KEY_LIMIT = 1024;

    private volatile TableDescriptor descriptor;
    private final ConcurrentSkipListMap<StoreKey, byte[]> items = new ConcurrentSkipListMap<>();
    private volatile Map<String, ConcurrentSkipListMap<StoreKey, byte[]>> indexes = Map.of();
    private final ConcurrentSkipListMap<StoreKey, Boolean> expiries = new ConcurrentSkipListMap<>();
    private final AtomicLong itemCount = new AtomicLong();
    private final AtomicLong sizeBytes = new AtomicLong();
    private final Map<String, AtomicLong> indexCounts = new java.util.concurrent.ConcurrentHashMap<>();

    Table(TableDescriptor descriptor) {
        this.descriptor = descriptor;
        rebuildIndexes(descriptor);
    }

    public TableDescriptor descriptor() {
        return descriptor;
    }

    /** Replaces the definition (new index, TTL): under the write lock; new indexes are filled from the items. */
    void redefine(TableDescriptor next) {
        // Indexes first: a reader that sees the new definition finds its indexes filled.
        rebuildIndexes(next);
        this.descriptor = next;
        rebuildExpiries();
    }

    private void rebuildIndexes(TableDescriptor definition) {
        Map<String, ConcurrentSkipListMap<StoreKey, byte[]>> fresh = new HashMap<>();
        for (TableDescriptor.Index index : definition.indexes()) {
            ConcurrentSkipListMap<StoreKey, byte[]> existing = indexes.get(index.name());
            if (existing != null) {
                fresh.put(index.name(), existing);
                continue;
            }
            ConcurrentSkipListMap<StoreKey, byte[]> entries = new ConcurrentSkipListMap<>();
            AtomicLong count = new AtomicLong();
            for (Map.Entry<StoreKey, byte[]> item : items.entrySet()) {
                StoreKey key = indexKey(definition, index, JsonCodec.object(item.getValue()), item.getKey());
                if (key != null) {
                    entries.put(key, item.getValue());
                    count.incrementAndGet();
                }
            }
            indexCounts.put(index.name(), count);
            fresh.put(index.name(), entries);
        }
        indexes = Map.copyOf(fresh);
    }

    private void rebuildExpiries() {
        expiries.clear();
        if (descriptor.ttlAttribute() != null) {
            for (Map.Entry<StoreKey, byte[]> item : items.entrySet()) {
                StoreKey expiry = expiryKey(JsonCodec.object(item.getValue()), item.getKey());
                if (expiry != null) {
                    expiries.put(expiry, Boolean.TRUE);
                }
            }
        }
    }

    // ---- keys

    /** The key of a whole item, validating the key attributes (presence, type, size). */
    public StoreKey keyOfItem(ObjectNode item) {
        TableDescriptor d = descriptor;
        KeyValue partition = keyPart(item, d.partitionKey(), PARTITION_KEY_LIMIT, true);
        KeyValue sort = d.sortKey() == null ? null : keyPart(item, d.sortKey(), SORT_KEY_LIMIT, true);
        return StoreKey.of(partition, sort);
    }

    /** The key of a {@code Key} parameter: exactly the key attributes. */
    public StoreKey keyOfKeyMap(JsonNode key) {
        TableDescriptor d = descriptor;
        if (key == null || !key.isObject() || key.size() != (d.sortKey() == null ? 1 : 2)) {
            throw DynamoDbException.validation("The provided key element does not match the schema");
        }
        ObjectNode validated = AttributeValues.item(key, "Key");
        KeyValue partition = keyPart(validated, d.partitionKey(), PARTITION_KEY_LIMIT, false);
        KeyValue sort = d.sortKey() == null ? null : keyPart(validated, d.sortKey(), SORT_KEY_LIMIT, false);
        return StoreKey.of(partition, sort);
    }

    private KeyValue keyPart(ObjectNode item, String attribute, int limit, boolean wholeItem) {
        JsonNode value = item.get(attribute);
        if (value == null) {
            throw wholeItem ? DynamoDbException.invalidParameter("Missing the key " + attribute + " in the item")
                    : DynamoDbException.validation("The provided key element does not match the schema");
        }
        String expected = descriptor.typeOf(attribute);
        String actual = AttributeValues.type(value);
        if (!expected.equals(actual)) {
            throw wholeItem ? DynamoDbException.invalidParameter("Type mismatch for key " + attribute + " expected: " + expected + " actual: " + actual)
                    : DynamoDbException.validation("The provided key element does not match the schema");
        }
        KeyValue key = KeyValue.of(value);
        if (key.isEmpty()) {
            throw DynamoDbException.validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
                    + (expected.equals("S") ? "string" : "binary") + " value. Key: " + attribute);
        }
        if (key.size() > limit) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of "
                    + limit + " bytes");
        }
        return key;
    }

    /** Refuses an item whose index key attributes have the wrong type or are empty. */
    public void checkIndexKeys(ObjectNode item) {
        for (TableDescriptor.Index index : descriptor.indexes()) {
            for (String attribute : new String[]{index.partitionKey(), index.sortKey()}) {
                if (attribute == null) {
                    continue;
                }
                JsonNode value = item.get(attribute);
                if (value == null) {
                    continue;
                }
                String expected = descriptor.typeOf(attribute);
                String actual = AttributeValues.type(value);
                if (!expected.equals(actual)) {
                    throw DynamoDbException.invalidParameter("Type mismatch for Index Key " + attribute + " Expected: " + expected
                            + " Actual: " + actual + " IndexName: " + index.name());
                }
                if (KeyValue.of(value).isEmpty()) {
                    throw DynamoDbException.validation("One or more parameter values are not valid. A value specified for a secondary index key is not supported. "
                            + "The AttributeValue for a key attribute cannot contain an empty string value. IndexName: " + index.name() + ", IndexKey: " + attribute);
                }
            }
        }
    }

    /** The item's entry in an index, or null when it lacks the index key (a sparse index). */
    public StoreKey indexKey(TableDescriptor.Index index, ObjectNode item, StoreKey tableKey) {
        return indexKey(descriptor, index, item, tableKey);
    }

    private static StoreKey indexKey(TableDescriptor definition, TableDescriptor.Index index, ObjectNode item, StoreKey tableKey) {
        KeyValue partition = indexPart(definition, item, index.partitionKey());
        if (partition == null) {
            return null;
        }
        KeyValue sort = null;
        if (index.sortKey() != null) {
            sort = indexPart(definition, item, index.sortKey());
            if (sort == null) {
                return null;
            }
        }
        return new StoreKey(partition, sort, tableKey.a(), tableKey.b());
    }

    private static KeyValue indexPart(TableDescriptor definition, ObjectNode item, String attribute) {
        JsonNode value = item.get(attribute);
        if (value == null || !AttributeValues.type(value).equals(definition.typeOf(attribute))) {
            return null;
        }
        return KeyValue.of(value);
    }

    private StoreKey expiryKey(ObjectNode item, StoreKey tableKey) {
        String attribute = descriptor.ttlAttribute();
        if (attribute == null) {
            return null;
        }
        JsonNode value = item.get(attribute);
        if (value == null || !AttributeValues.type(value).equals("N")) {
            return null;
        }
        BigDecimal seconds = AttributeValues.numberOf(value);
        return new StoreKey(KeyValue.of(AttributeValues.number(seconds)), tableKey.a(), tableKey.b(), null);
    }

    /** The key attributes of a table item, plus those of an index when given. */
    public ObjectNode keyAttributes(ObjectNode item, TableDescriptor.Index index) {
        ObjectNode key = AttributeValues.NODES.objectNode();
        TableDescriptor d = descriptor;
        key.set(d.partitionKey(), item.get(d.partitionKey()));
        if (d.sortKey() != null) {
            key.set(d.sortKey(), item.get(d.sortKey()));
        }
        if (index != null) {
            key.set(index.partitionKey(), item.get(index.partitionKey()));
            if (index.sortKey() != null) {
                key.set(index.sortKey(), item.get(index.sortKey()));
            }
        }
        return key;
    }

    /** The key attributes (table's, and the index's when given) of an entry of the items or of an index map. */
    public ObjectNode keyAttributes(StoreKey key, TableDescriptor.Index index) {
        ObjectNode attributes = AttributeValues.NODES.objectNode();
        TableDescriptor d = descriptor;
        KeyValue partition = index == null ? key.a() : key.c();
        KeyValue sort = index == null ? key.b() : key.d();
        attributes.set(d.partitionKey(), partition.toAttributeValue());
        if (d.sortKey() != null) {
            attributes.set(d.sortKey(), sort.toAttributeValue());
        }
        if (index != null) {
            attributes.set(index.partitionKey(), key.a().toAttributeValue());
            if (index.sortKey() != null) {
                attributes.set(index.sortKey(), key.b().toAttributeValue());
            }
        }
        return attributes;
    }

    /** What an index holds of an item, given its projection. */
    public ObjectNode project(TableDescriptor.Index index, ObjectNode item) {
        if (index == null || index.projectionType().equals("ALL")) {
            return item;
        }
        ObjectNode projected = keyAttributes(item, index);
        for (String attribute : index.nonKeyAttributes()) {
            JsonNode value = item.get(attribute);
            if (value != null) {
                projected.set(attribute, value);
            }
        }
        return projected;
    }

    // ---- reads

    public ObjectNode get(StoreKey key) {
        byte[] bytes = items.get(key);
        return bytes == null ? null : JsonCodec.object(bytes);
    }

    public byte[] getBytes(StoreKey key) {
        return items.get(key);
    }

    public ConcurrentSkipListMap<StoreKey, byte[]> items() {
        return items;
    }

    public ConcurrentSkipListMap<StoreKey, byte[]> index(String name) {
        return indexes.get(name);
    }

    ConcurrentSkipListMap<StoreKey, Boolean> expiries() {
        return expiries;
    }

    public long itemCount() {
        return itemCount.get();
    }

    public long sizeBytes() {
        return sizeBytes.get();
    }

    public Map<String, long[]> indexStats() {
        Map<String, long[]> stats = new HashMap<>();
        indexCounts.forEach((name, count) -> stats.put(name, new long[]{count.get(), 0}));
        return stats;
    }

    // ---- writes (under the database's write lock)

    /** Replaces (or with {@code next == null} deletes) the item at {@code key}; {@code old} is what was there. */
    void apply(StoreKey key, ObjectNode old, ObjectNode next, byte[] nextBytes) {
        Map<String, ConcurrentSkipListMap<StoreKey, byte[]>> current = indexes;
        for (TableDescriptor.Index index : descriptor.indexes()) {
            ConcurrentSkipListMap<StoreKey, byte[]> entries = current.get(index.name());
            StoreKey before = old == null ? null : indexKey(index, old, key);
            StoreKey after = next == null ? null : indexKey(index, next, key);
            if (before != null && !before.equals(after)) {
                entries.remove(before);
                indexCounts.get(index.name()).decrementAndGet();
            }
            if (after != null) {
                // Each entry holds the bytes of the item version it was made from: a Query on the
                // index reads a consistent item without going back to the table.
                entries.put(after, nextBytes);
                if (!after.equals(before)) {
                    indexCounts.get(index.name()).incrementAndGet();
                }
            }
        }
        if (descriptor.ttlAttribute() != null) {
            StoreKey before = old == null ? null : expiryKey(old, key);
            StoreKey after = next == null ? null : expiryKey(next, key);
            if (before != null && !before.equals(after)) {
                expiries.remove(before);
            }
            if (after != null) {
                expiries.put(after, Boolean.TRUE);
            }
        }
        byte[] previous = next == null ? items.remove(key) : items.put(key, nextBytes);
        if (previous != null) {
            itemCount.decrementAndGet();
            sizeBytes.addAndGet(-previous.length);
        }
        if (next != null) {
            itemCount.incrementAndGet();
            sizeBytes.addAndGet(nextBytes.length);
        }
    }

    /** Items in key order from a start key (exclusive), for scans. */
    public Iterator<Map.Entry<StoreKey, byte[]>> from(StoreKey exclusiveStart) {
        return (exclusiveStart == null ? items : items.tailMap(exclusiveStart, false)).entrySet().iterator();
    }
}
