package eu.passerelle.dynamodb.conformance;

import eu.passerelle.dynamodb.DynamoDbEngine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.util.UUID;

/**
 * Where the conformance suite runs: {@code DYNAMODB_CONFORMANCE_ENDPOINT} (real DynamoDB with
 * the default credentials, e.g. {@code https://dynamodb.eu-west-3.amazonaws.com}, or another
 * emulator), else one engine in this JVM for the whole suite.
 */
public final class ConformanceEndpoint {

    private static DynamoDbEngine engine;
    private static DynamoDbClient client;

    private ConformanceEndpoint() {
    }

    public static synchronized DynamoDbClient client() {
        if (client == null) {
            String external = System.getenv("DYNAMODB_CONFORMANCE_ENDPOINT");
            URI endpoint;
            if (external == null || external.isBlank()) {
                engine = DynamoDbEngine.builder().inMemory().ttlSweepInterval(java.time.Duration.ofMillis(50)).start();
                endpoint = engine.endpoint();
                client = DynamoDbClient.builder()
                        .endpointOverride(endpoint)
                        .region(Region.EU_WEST_3)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("conformance", "conformance")))
                        .httpClient(UrlConnectionHttpClient.create())
                        .build();
            } else {
                client = DynamoDbClient.builder()
                        .endpointOverride(URI.create(external))
                        .credentialsProvider(DefaultCredentialsProvider.builder().build())
                        .httpClient(UrlConnectionHttpClient.create())
                        .build();
            }
        }
        return client;
    }

    /** Whether the suite runs on this engine (checks of what only it can promise, such as a TTL delay of 0). */
    public static boolean onEngine() {
        client();
        return engine != null;
    }

    public static String tableName(String purpose) {
        return "conformance-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
