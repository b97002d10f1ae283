package eu.passerelle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The tables and the one write lock: every write (an item, a batch, a transaction, a table
 * change) checks its conditions and applies under the lock, with short critical sections (the
 * request is parsed and validated before), so writes are serializable and a transaction is
 * all-or-nothing for everyone. Reads take no lock: items are immutable byte arrays swapped in
 * one step. With a data directory each commit is logged and made durable before it is
 * acknowledged; the log is folded into a snapshot at start and whenever it grows large.
 */
public final class Database implements AutoCloseable {

    /** One change to one item: {@code next == null} deletes. */
    public record Mutation(Table table, StoreKey key, ObjectNode old, ObjectNode next, byte[] nextBytes) {
    }

    private static final Pattern FILE = Pattern.compile("(snapshot|wal)-(\\d{20})\\.log");
    private static final long ROTATE_BYTES = 64L << 20;
    private static final int SNAPSHOT_BATCH = 500;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private final Path directory;
    private final Clock clock;
    private final Duration ttlDelay;
    private final ScheduledExecutorService sweeper;
    private WriteAheadLog log;
    private long generation;

    /** A logged change to wait for, outside the lock; nothing to wait for in memory or after a rotation. */
    private record Pending(WriteAheadLog log, long sequence) {
        static final Pending NONE = new Pending(null, 0);

        void await() {
            if (log != null) {
                log.awaitDurable(sequence);
            }
        }
    }

    Database(Path directory, Clock clock, Duration ttlDelay, Duration ttlSweepInterval) {
        this.directory = directory;
        this.clock = clock;
        this.ttlDelay = ttlDelay;
        if (directory != null) {
            recover();
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dynamodb-engine-ttl");
            thread.setDaemon(true);
            return thread;
        });
        long interval = Math.max(1, ttlSweepInterval.toMillis());
        sweeper.scheduleWithFixedDelay(this::sweepExpired, interval, interval, TimeUnit.MILLISECONDS);
    }

    // ---- tables

    public Table table(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw DynamoDbException.tableNotFound(name);
        }
        return table;
    }

    public Table tableOrNull(String name) {
        return tables.get(name);
    }

    public List<String> tableNames() {
        return tables.keySet().stream().sorted().toList();
    }

    public Table createTable(TableDescriptor descriptor) {
        writeLock.lock();
        Pending sequence;
        Table table;
        try {
            if (tables.containsKey(descriptor.name())) {
                throw DynamoDbException.resourceInUse("Table already exists: " + descriptor.name());
            }
            table = new Table(descriptor);
            tables.put(descriptor.name(), table);
            sequence = logged(tableRecord(descriptor));
        } finally {
            writeLock.unlock();
        }
        sequence.await();
        return table;
    }

    public Table deleteTable(String name) {
        writeLock.lock();
        Pending sequence;
        Table table;
        try {
            table = tables.remove(name);
            if (table == null) {
                throw DynamoDbException.tableNotFound(name);
            }
            ObjectNode record = AttributeValues.NODES.objectNode().put("drop", name);
            sequence = logged(JsonCodec.bytes(record));
        } finally {
            writeLock.unlock();
        }
        sequence.await();
        return table;
    }

    /** Replaces a table's definition (index added or removed, TTL, billing); new indexes are filled in. */
    public void redefine(String name, java.util.function.UnaryOperator<TableDescriptor> change) {
        writeLock.lock();
        Pending sequence;
        try {
            Table table = table(name);
            TableDescriptor next = change.apply(table.descriptor());
            table.redefine(next);
            sequence = logged(tableRecord(next));
        } finally {
            writeLock.unlock();
        }
        sequence.await();
    }

    private static byte[] tableRecord(TableDescriptor descriptor) {
        ObjectNode record = AttributeValues.NODES.objectNode();
        record.set("table", descriptor.toJson());
        return JsonCodec.bytes(record);
    }

    // ---- writes

    /** Runs {@code work} under the write lock; it returns the mutations to apply (conditions already checked). */
    public <T> T write(java.util.function.Function<List<Mutation>, T> work) {
        Pending sequence;
        T result;
        writeLock.lock();
        try {
            List<Mutation> mutations = new ArrayList<>(4);
            result = work.apply(mutations);
            sequence = commit(mutations);
        } finally {
            writeLock.unlock();
        }
        sequence.await();
        return result;
    }

    /** Runs {@code work} under the write lock without writing: a consistent read of several items. */
    public <T> T readConsistently(java.util.function.Supplier<T> work) {
        writeLock.lock();
        try {
            return work.get();
        } finally {
            writeLock.unlock();
        }
    }

    private Pending commit(List<Mutation> mutations) {
        if (mutations.isEmpty()) {
            return Pending.NONE;
        }
        for (Mutation m : mutations) {
            if (tables.get(m.table().descriptor().name()) != m.table()) {
                throw DynamoDbException.tableNotFound(m.table().descriptor().name());
            }
        }
        byte[] record = log == null ? null : writeRecord(mutations);
        for (Mutation m : mutations) {
            m.table().apply(m.key(), m.old(), m.next(), m.nextBytes());
        }
        return record == null ? Pending.NONE : logged(record);
    }

    /** Under the write lock. */
    private Pending logged(byte[] record) {
        if (log == null) {
            return Pending.NONE;
        }
        long sequence = log.append(record);
        if (log.size() > ROTATE_BYTES) {
            rotate(); // flushes the old log (this record included) and folds it into a snapshot
            return Pending.NONE;
        }
        return new Pending(log, sequence);
    }

    private static byte[] writeRecord(List<Mutation> mutations) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * mutations.size());
        write(out, "{\"w\":[");
        boolean first = true;
        for (Mutation m : mutations) {
            if (m.next() == null && m.old() == null) {
                continue;
            }
            if (!first) {
                write(out, ",");
            }
            first = false;
            write(out, "{\"t\":\"" + m.table().descriptor().name() + "\",");
            if (m.next() != null) {
                write(out, "\"i\":");
                out.writeBytes(m.nextBytes());
            } else {
                write(out, "\"k\":");
                out.writeBytes(JsonCodec.bytes(m.table().keyAttributes(m.old(), null)));
            }
            write(out, "}");
        }
        write(out, "]}");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String ascii) {
        out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    // ---- durability

    private void recover() {
        try {
            Files.createDirectories(directory);
            long snapshot = 0;
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Matcher m = FILE.matcher(file.getFileName().toString());
                    if (m.matches() && m.group(1).equals("snapshot")) {
                        snapshot = Math.max(snapshot, Long.parseLong(m.group(2)));
                    }
                }
            }
            if (snapshot > 0) {
                WriteAheadLog.replay(file("snapshot", snapshot), this::replay);
            }
            WriteAheadLog.replay(file("wal", snapshot), this::replay);
            generation = snapshot;
            rotate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String kind, long number) {
        return directory.resolve(String.format("%s-%020d.log", kind, number));
    }

    private void replay(byte[] payload) {
        ObjectNode record = JsonCodec.object(payload);
        if (record.has("table")) {
            TableDescriptor descriptor = TableDescriptor.fromRequest(record.get("table"));
            Table existing = tables.get(descriptor.name());
            if (existing == null) {
                tables.put(descriptor.name(), new Table(descriptor));
            } else {
                existing.redefine(descriptor);
            }
        } else if (record.has("drop")) {
            tables.remove(record.get("drop").asText());
        } else {
            for (JsonNode change : record.get("w")) {
                Table table = tables.get(change.get("t").asText());
                if (change.has("i")) {
                    ObjectNode item = (ObjectNode) change.get("i");
                    StoreKey key = table.keyOfItem(item);
                    table.apply(key, table.get(key), item, JsonCodec.bytes(item));
                } else {
                    StoreKey key = table.keyOfKeyMap(change.get("k"));
                    ObjectNode old = table.get(key);
                    if (old != null) {
                        table.apply(key, old, null, null);
                    }
                }
            }
        }
    }

    /**
     * Writes every table into a new snapshot, starts a new log and deletes the older files.
     * Runs at start and under the write lock (writers wait; readers do not).
     */
    private void rotate() {
        try {
            if (log != null) {
                log.close();
            }
            long next = generation + 1;
            Path temporary = directory.resolve("snapshot.tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
                for (Table table : tables.values()) {
                    out.write(WriteAheadLog.frame(tableRecord(table.descriptor())));
                    List<Mutation> batch = new ArrayList<>(SNAPSHOT_BATCH);
                    for (Map.Entry<StoreKey, byte[]> item : table.items().entrySet()) {
                        batch.add(new Mutation(table, item.getKey(), null, AttributeValues.NODES.objectNode(), item.getValue()));
                        if (batch.size() == SNAPSHOT_BATCH) {
                            out.write(WriteAheadLog.frame(writeRecord(batch)));
                            batch.clear();
                        }
                    }
                    if (!batch.isEmpty()) {
                        out.write(WriteAheadLog.frame(writeRecord(batch)));
                    }
                }
                out.flush();
                channel.force(true);
            }
            Files.move(temporary, file("snapshot", next), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log = new WriteAheadLog(file("wal", next));
            syncDirectory();
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Matcher m = FILE.matcher(file.getFileName().toString());
                    if (m.matches() && Long.parseLong(m.group(2)) < next) {
                        Files.deleteIfExists(file);
                    }
                }
            }
            generation = next;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Some file systems cannot sync a directory; the rename is still atomic.
        }
    }

    // ---- TTL

    /** Deletes items whose TTL attribute (epoch seconds) lies more than the configured delay in the past. */
    void sweepExpired() {
        try {
            long now = clock.instant().minus(ttlDelay).getEpochSecond();
            KeyValue limit = KeyValue.of(AttributeValues.number(BigDecimal.valueOf(now)));
            for (Table table : tables.values()) {
                String attribute = table.descriptor().ttlAttribute();
                if (attribute == null) {
                    continue;
                }
                Iterator<StoreKey> expired = table.expiries().headMap(new StoreKey(limit, KeyValue.MAX, null, null), true).keySet().iterator();
                while (expired.hasNext()) {
                    StoreKey entry = expired.next();
                    StoreKey key = StoreKey.of(entry.b(), entry.c());
                    write(mutations -> {
                        ObjectNode item = table.get(key);
                        JsonNode ttl = item == null ? null : item.get(attribute);
                        if (ttl != null && AttributeValues.type(ttl).equals("N")
                                && AttributeValues.numberOf(ttl).compareTo(BigDecimal.valueOf(now)) <= 0) {
                            mutations.add(new Mutation(table, key, item, null, null));
                        } else {
                            table.expiries().remove(entry);
                        }
                        return null;
                    });
                }
            }
        } catch (RuntimeException e) {
            // a table deleted under the sweep: the next sweep starts afresh
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        writeLock.lock();
        try {
            if (log != null) {
                log.close();
                log = null;
            }
        } finally {
            writeLock.unlock();
        }
    }
}
