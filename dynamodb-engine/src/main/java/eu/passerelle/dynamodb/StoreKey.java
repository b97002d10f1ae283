package eu.passerelle.dynamodb;

/**
 * The key of a sorted structure: a table's (partition, sort) with the last two parts null, an
 * index's (index partition, index sort, table partition, table sort), a TTL queue's (expiry,
 * table partition, table sort). Absent parts are null and sort first; {@link KeyValue#MIN} and
 * {@link KeyValue#MAX} make range bounds.
 */
public record StoreKey(KeyValue a, KeyValue b, KeyValue c, KeyValue d) implements Comparable<StoreKey> {

    public static StoreKey of(KeyValue partition, KeyValue sort) {
        return new StoreKey(partition, sort, null, null);
    }

    @Override
    public int compareTo(StoreKey o) {
        int r = part(a, o.a);
        if (r != 0) {
            return r;
        }
        r = part(b, o.b);
        if (r != 0) {
            return r;
        }
        r = part(c, o.c);
        return r != 0 ? r : part(d, o.d);
    }

    private static int part(KeyValue x, KeyValue y) {
        if (x == y) {
            return 0;
        }
        if (x == null) {
            return -1;
        }
        if (y == null) {
            return 1;
        }
        return x.compareTo(y);
    }
}
