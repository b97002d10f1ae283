package eu.passerelle.local.emulators;

import eu.passerelle.dynamodb.DynamoDbEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The DynamoDB-compatible engine (module dynamodb-engine, open source) in this JVM, over HTTP on a
 * free loopback port, so that the SDK clients of the functions talk to it exactly as they would to
 * DynamoDB.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private final DynamoDbEngine engine;

    private EmbeddedDynamoDb(DynamoDbEngine engine) {
        this.engine = engine;
    }

    /**
     * Starts the engine.
     *
     * @param dataDirectory where the tables live across restarts (write-ahead log and snapshots),
     *                      or null to keep them in memory
     */
    public static EmbeddedDynamoDb start(Path dataDirectory) {
        // Expired items go within seconds, as the functions' TTL-based clean-ups expect of a
        // developer's machine (DynamoDB itself may take days).
        return start(dataDirectory, Duration.ZERO);
    }

    /**
     * Starts the engine keeping expired items readable for {@code ttlDelay} past their TTL, as
     * DynamoDB does until it deletes them. Tests whose clocks run in the past need it: the engine's
     * TTL is real time, and would otherwise delete the items those clocks still see as current.
     */
    public static EmbeddedDynamoDb start(Path dataDirectory, Duration ttlDelay) {
        DynamoDbEngine.Builder builder = DynamoDbEngine.builder()
                .ttlSweepInterval(Duration.ofSeconds(1))
                .ttlDelay(ttlDelay);
        if (dataDirectory == null) {
            builder.inMemory();
        } else {
            try {
                Files.createDirectories(dataDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builder.dataDirectory(dataDirectory);
        }
        return new EmbeddedDynamoDb(builder.start());
    }

    public URI endpoint() {
        return engine.endpoint();
    }

    @Override
    public void close() {
        engine.close();
    }
}
