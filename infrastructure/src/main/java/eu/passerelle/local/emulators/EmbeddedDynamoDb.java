package eu.passerelle.local.emulators;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local (from Maven Central) in this JVM, over HTTP on a loopback port, so that the SDK
 * clients of the functions talk to it exactly as they would to DynamoDB.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private static final int ATTEMPTS = 5;

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Starts DynamoDB Local.
     *
     * @param dataDirectory where the tables live across restarts, or null to keep them in memory
     */
    public static EmbeddedDynamoDb start(Path dataDirectory) {
        // Its telemetry is on by default and phones home; this machine has no internet anyway.
        System.setProperty("ddb.local.telemetry", "0");
        Exception last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = FreePort.find();
            List<String> args = new ArrayList<>(List.of("-port", String.valueOf(port), "-sharedDb", "-disableTelemetry"));
            if (dataDirectory == null) {
                args.add("-inMemory");
            } else {
                try {
                    Files.createDirectories(dataDirectory);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                args.add("-dbPath");
                args.add(dataDirectory.toString());
            }
            try {
                DynamoDBProxyServer server = quietly(() -> ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new)));
                bindToLoopback(server);
                server.start();
                return new EmbeddedDynamoDb(server, port);
            } catch (Exception e) {
                last = e; // most likely the port was taken between probing and binding: try another
            }
        }
        throw new IllegalStateException("DynamoDB Local did not start", last);
    }

    private interface Creation {
        DynamoDBProxyServer create() throws Exception;
    }

    /** It prints its configuration to standard output; the runtime prints its own summary. */
    private static DynamoDBProxyServer quietly(Creation creation) throws Exception {
        PrintStream out = System.out;
        synchronized (EmbeddedDynamoDb.class) {
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                return creation.create();
            } finally {
                System.setOut(out);
            }
        }
    }

    /** Its command line binds every interface; a developer's database should not be on the network. */
    private static void bindToLoopback(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(proxy);
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                serverConnector.setHost("127.0.0.1");
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        }
    }
}
