package eu.passerelle.functions.support;

import eu.passerelle.local.Fixtures;
import eu.passerelle.local.emulators.EmbeddedDynamoDb;
import eu.passerelle.local.provisioning.ResourceProvisioner;
import eu.passerelle.local.template.Deployment;
import eu.passerelle.local.template.SamTemplate;
import eu.passerelle.local.template.TableDef;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The DynamoDB-compatible engine (dynamodb-engine) in memory with the tables of template.yaml,
 * created as the local runtime creates them: adapter tests run against the engine the runtime uses
 * and the real key schema.
 */
public final class LocalTables implements AutoCloseable {

    private final EmbeddedDynamoDb dynamoDb;
    private final DynamoDbClient client;
    private final Deployment deployment;

    private LocalTables() {
        // The domain tests run on clocks of their own, often months in the past: TTLs computed from
        // them must not meet the engine's real-time sweeper (found by the money path model in long mode).
        dynamoDb = EmbeddedDynamoDb.start(null, java.time.Duration.ofDays(365 * 100));
        client = DynamoDbClient.builder().endpointOverride(dynamoDb.endpoint()).region(Region.EU_WEST_3)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        // A stack name of its own per start: tests never see each other's rows.
        deployment = new Deployment(SamTemplate.load(Fixtures.repositoryTemplate()), "test-" + UUID.randomUUID().toString()
                .substring(0, 8), "eu-west-3", "000000000000", Map.of(), URI.create("http://127.0.0.1:1"));
        new ResourceProvisioner(deployment, client, null).provisionTables();
    }

    public static LocalTables start() {
        return new LocalTables();
    }

    public DynamoDbClient client() {
        return client;
    }

    /** Another client of the same tables, that reports each call to {@code interceptors} (to count round trips). */
    public DynamoDbClient client(software.amazon.awssdk.core.interceptor.ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder().endpointOverride(dynamoDb.endpoint()).region(Region.EU_WEST_3)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> List.of(interceptors).forEach(c::addExecutionInterceptor)).build();
    }

    /** The physical name of a table of the template, by logical id. */
    public String table(String logicalId) {
        TableDef table = deployment.template().tables().stream().filter(t -> t.logicalId().equals(logicalId))
                .findFirst().orElseThrow();
        return deployment.tableName(table);
    }

    @Override
    public void close() {
        client.close();
        dynamoDb.close();
    }
}
