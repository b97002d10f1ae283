package eu.passerelle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DynamoDB-compatible endpoint: the JSON 1.0 protocol over HTTP ({@code X-Amz-Target:
 * DynamoDB_20120810.<Operation>}, {@code application/x-amz-json-1.0}, {@code x-amz-crc32},
 * errors as {@code __type} + {@code message}) over a small HTTP/1.1 front ({@link HttpFront}). Requests are not
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

    private final HttpFront front;
    private final Database database;
    private final Operations operations;
    private final URI endpoint;

    private DynamoDbEngine(Builder builder) {
        this.database = new Database(builder.dataDirectory, builder.clock, builder.ttlDelay, builder.ttlSweepInterval);
        try {
            front = new HttpFront(builder.host, builder.port, this::handle);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        InetSocketAddress address = front.address();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        endpoint = URI.create("http://" + host + ":" + address.getPort());
        operations = new Operations(database, builder.clock, host + ":" + address.getPort());
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

    private HttpFront.Response handle(String method, String target, String authorization, byte[] body) {
        if (target == null && method.equals("GET")) {
            return new HttpFront.Response(200, "text/plain", "healthy: dynamodb-engine".getBytes(StandardCharsets.US_ASCII));
        }
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
            byte[] response = operations.handle(target.substring(TARGET_PREFIX.length()), request, region(authorization));
            return new HttpFront.Response(200, CONTENT_TYPE, response);
        } catch (DynamoDbException e) {
            return new HttpFront.Response(e.status(), CONTENT_TYPE, error(e));
        } catch (RuntimeException e) {
            return new HttpFront.Response(500, CONTENT_TYPE, error(DynamoDbException.internal("Internal error: " + e)));
        }
    }

    private static String region(String authorization) {
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

    @Override
    public void close() {
        front.close();
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

        public DynamoDbEngine start() {
            return new DynamoDbEngine(this);
        }

    }
}
