package eu.passerelle.local.emulators;

import com.typesafe.config.ConfigFactory;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;
import scala.Function0;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * ElasticMQ (an SQS-compatible server) in this JVM on a loopback port. With a data directory,
 * queues and messages (in flight included) are kept in an H2 database there, so a restart loses
 * nothing.
 */
public final class EmbeddedSqs implements AutoCloseable {

    private static final int ATTEMPTS = 5;

    private final Function0<?> shutdown;
    private final URI endpoint;

    private EmbeddedSqs(Function0<?> shutdown, URI endpoint) {
        this.shutdown = shutdown;
        this.endpoint = endpoint;
    }

    public static EmbeddedSqs start(Path dataDirectory, String region, String accountId) {
        Exception last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = FreePort.find();
            String storage = "";
            if (dataDirectory != null) {
                try {
                    Files.createDirectories(dataDirectory);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                String h2 = dataDirectory.toAbsolutePath().resolve("elasticmq").toString().replace('\\', '/');
                storage = "messages-storage { enabled = true\n uri = \"jdbc:h2:" + h2 + "\" }\n";
            }
            String config = "node-address { protocol = http, host = \"127.0.0.1\", port = " + port + ", context-path = \"\" }\n"
                    + "rest-sqs { enabled = true, bind-port = " + port + ", bind-hostname = \"127.0.0.1\", sqs-limits = strict }\n"
                    + "generate-node-address = false\n"
                    + "aws { region = \"" + region + "\", accountId = \"" + accountId + "\" }\n"
                    + storage;
            try {
                ElasticMQServerConfig serverConfig = new ElasticMQServerConfig(
                        ConfigFactory.parseString(config).withFallback(ConfigFactory.load()));
                Function0<?> shutdown = new ElasticMQServer(serverConfig).start();
                URI endpoint = URI.create("http://127.0.0.1:" + port);
                awaitListening(endpoint);
                return new EmbeddedSqs(shutdown, endpoint);
            } catch (Exception e) {
                last = e;
            }
        }
        throw new IllegalStateException("ElasticMQ did not start", last);
    }

    /** ElasticMQ binds asynchronously: wait until it answers before anyone creates a queue. */
    private static void awaitListening(URI endpoint) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                client.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("ElasticMQ is not listening on " + endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        shutdown.apply();
    }
}
