package eu.passerelle.dynamodb;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * An append-only file of records (length, CRC-32, payload) made durable by {@code force} with
 * group commit: a writer appends its record while holding the database's write lock, releases
 * it, then waits until a flush covers its record; whoever finds no flush running writes and
 * forces everything pending for all waiters. A torn or corrupt tail (the crash came mid-write)
 * ends the replay: those records were never acknowledged.
 */
final class WriteAheadLog implements Closeable {

    private final FileChannel channel;
    private final Object monitor = new Object();
    private ByteArrayOutputStream pending = new ByteArrayOutputStream(1 << 16);
    private long appended;
    private long durable;
    private boolean flushing;
    private IOException failure;
    private long size;

    WriteAheadLog(Path file) {
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] frame(byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer buffer = ByteBuffer.allocate(8 + payload.length);
        buffer.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
        return buffer.array();
    }

    /** Queues a record; returns its sequence number for {@link #awaitDurable}. */
    long append(byte[] payload) {
        byte[] framed = frame(payload);
        synchronized (monitor) {
            pending.write(framed, 0, framed.length);
            size += framed.length;
            return ++appended;
        }
    }

    long size() {
        synchronized (monitor) {
            return size;
        }
    }

    long appended() {
        synchronized (monitor) {
            return appended;
        }
    }

    /** Returns once the record {@code sequence} (and all before it) is on disk. */
    void awaitDurable(long sequence) {
        while (true) {
            byte[] batch;
            long upTo;
            synchronized (monitor) {
                while (true) {
                    if (failure != null) {
                        throw DynamoDbException.internal("The write-ahead log failed: " + failure.getMessage());
                    }
                    if (durable >= sequence) {
                        return;
                    }
                    if (!flushing) {
                        break;
                    }
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw DynamoDbException.internal("Interrupted while waiting for the write-ahead log");
                    }
                }
                flushing = true;
                batch = pending.toByteArray();
                pending = new ByteArrayOutputStream(Math.max(1 << 16, batch.length));
                upTo = appended;
            }
            IOException error = null;
            try {
                ByteBuffer buffer = ByteBuffer.wrap(batch);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            } catch (IOException e) {
                error = e;
            }
            synchronized (monitor) {
                flushing = false;
                if (error != null) {
                    failure = error;
                } else {
                    durable = upTo;
                }
                monitor.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        awaitDurable(appended());
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replays the records of a file in order, stopping at the first torn or corrupt one. */
    static void replay(Path file, Consumer<byte[]> consumer) {
        if (!Files.exists(file)) {
            return;
        }
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            while (true) {
                int length;
                int crc;
                try {
                    length = in.readInt();
                    crc = in.readInt();
                } catch (EOFException end) {
                    return;
                }
                if (length < 0 || length > (1 << 28)) {
                    return;
                }
                byte[] payload = new byte[length];
                try {
                    in.readFully(payload);
                } catch (EOFException torn) {
                    return;
                }
                CRC32 check = new CRC32();
                check.update(payload);
                if ((int) check.getValue() != crc) {
                    return;
                }
                consumer.accept(payload);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
