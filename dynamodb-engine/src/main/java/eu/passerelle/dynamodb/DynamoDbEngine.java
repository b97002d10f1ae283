package eu.passerelle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A DynamoDB-compatible endpoint: the JSON 1.0 protocol over HTTP ({@code X-Amz-Target:
 * DynamoDB_20120810.<Operation>}, {@code application/x-amz-json-1.0}, {@code x-amz-crc32},
 * errors as {@code __type} + {@code message}) served by the JDK's HTTP server. Requests are not
 * authenticated (the signature is ignored): it is meant for a developer's machine and tests.
 *
 * <pre>
 * try (DynamoDbEngine engine = DynamoDbEngine.builder().inMemory().start()) {
 *     DynamoDbClient client = DynamoDbClient.builder().endpointOverride(engine.endpoint())…
 * }
 * </pre>
 */
public final class DynamoDbEngine implements AutoCloseable {

    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final Pattern REGION = Pattern.compile("Credential=[^/]+/\\d{8}/([a-z0-9-]+)/");

    /** Request ids: a counter (UUID.randomUUID would serialise every request on SecureRandom). */
    private static final java.util.concurrent.atomic.AtomicLong REQUESTS = new java.util.concurrent.atomic.AtomicLong();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Database database;
    private final Operations operations;
    private final URI endpoint;

    private DynamoDbEngine(Builder builder) {
        // Small JSON answers on a kept-alive connection: without TCP_NODELAY, Nagle's algorithm
        // and delayed ACKs add tens of milliseconds to calls.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        this.database = new Database(builder.dataDirectory, builder.clock, builder.ttlDelay, builder.ttlSweepInterval);
        try {
            server = HttpServer.create(new InetSocketAddress(builder.host, builder.port), 256);
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException(e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = new ThreadPoolExecutor(builder.threads, builder.threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "dynamodb-engine-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        endpoint = URI.create("http://" + host + ":" + address.getPort());
        operations = new Operations(database, builder.clock, host + ":" + address.getPort());
        server.createContext("/", this::exchange);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}: give it to the SDK's {@code endpointOverride}. */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target == null && exchange.getRequestMethod().equals("GET")) {
                respond(exchange, 200, "healthy: dynamodb-engine".getBytes(StandardCharsets.US_ASCII), "text/plain");
                return;
            }
            int status = 200;
            byte[] response;
            try {
                if (target == null || !target.startsWith(TARGET_PREFIX)) {
                    throw DynamoDbException.unknownOperation(String.valueOf(target));
                }
                JsonNode request;
                try {
                    request = body.length == 0 ? JsonCodec.MAPPER.createObjectNode() : JsonCodec.MAPPER.readTree(body);
                } catch (IOException e) {
                    throw DynamoDbException.serialization("The request body is not valid JSON");
                }
                if (request == null || !request.isObject()) {
                    throw DynamoDbException.serialization("The request body must be a JSON object");
                }
                response = operations.handle(target.substring(TARGET_PREFIX.length()), request, region(exchange));
            } catch (DynamoDbException e) {
                status = e.status();
                response = error(e);
            } catch (UncheckedIOException | IllegalStateException | ClassCastException | NullPointerException | IllegalArgumentException e) {
                status = 500;
                response = error(DynamoDbException.internal("Internal error: " + e));
            }
            respond(exchange, status, response, CONTENT_TYPE);
        }
    }

    private static String region(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            Matcher m = REGION.matcher(authorization);
            if (m.find()) {
                return m.group(1);
            }
        }
        return "us-east-1";
    }

    private static byte[] error(DynamoDbException e) {
        ObjectNode body = JsonCodec.MAPPER.createObjectNode();
        body.put("__type", e.type());
        // TransactionCanceledException carries "Message", the others "message", as DynamoDB sends them.
        body.put(e.shortType().equals("TransactionCanceledException") ? "Message" : "message", e.getMessage());
        body.setAll(e.extra());
        return JsonCodec.bytes(body);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(body);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
        exchange.getResponseHeaders().set("x-amzn-RequestId", Long.toString(REQUESTS.incrementAndGet()));
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        database.close();
    }

    /** Where and how the engine runs. */
    public static final class Builder {

        private String host = "127.0.0.1";
        private int port;
        private Path dataDirectory;
        private Clock clock = Clock.systemUTC();
        private Duration ttlDelay = Duration.ZERO;
        private Duration ttlSweepInterval = Duration.ofSeconds(1);
        private int threads = Math.max(16, Runtime.getRuntime().availableProcessors() * 8);

        private Builder() {
        }

        /** The interface to listen on; the loopback by default (a developer's database stays off the network). */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Keeps the tables in this directory (write-ahead log + snapshots): they survive restarts and kill -9. */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        /** Keeps nothing on disk (the default). */
        public Builder inMemory() {
            this.dataDirectory = null;
            return this;
        }

        /** The clock TTL expiry and transaction tokens are measured by. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How long after its TTL an item may still be read (DynamoDB: up to a few days; here 0 by default). */
        public Builder ttlDelay(Duration delay) {
            this.ttlDelay = delay;
            return this;
        }

        /** How often expired items are looked for. */
        public Builder ttlSweepInterval(Duration interval) {
            this.ttlSweepInterval = interval;
            return this;
        }

        /** Request threads. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public DynamoDbEngine start() {
            return new DynamoDbEngine(this);
        }

    }
}
