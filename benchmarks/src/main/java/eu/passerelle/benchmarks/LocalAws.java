package eu.passerelle.benchmarks;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The DynamoDB-compatible engine started in this JVM with the tables of template.yaml, provisioned as the local
 * runtime provisions them (same keys, same indexes), and an SDK client of the kind the functions
 * use (the JDK HTTP client).
 */
final class LocalAws implements AutoCloseable {

    static final String REGION = "eu-west-3";

    private final EmbeddedDynamoDb server;
    private final DynamoDbClient client;
    private final Deployment deployment;

    private LocalAws(EmbeddedDynamoDb server, DynamoDbClient client, Deployment deployment) {
        this.server = server;
        this.client = client;
        this.deployment = deployment;
    }

    static LocalAws start() {
        EmbeddedDynamoDb server = EmbeddedDynamoDb.start(null);
        DynamoDbClient client = client(server.endpoint());
        Deployment deployment = new Deployment(SamTemplate.load(template()), "bench", REGION, "000000000000", Map.of(),
                URI.create("http://127.0.0.1:1"));
        new ResourceProvisioner(deployment, client, null).provisionTables();
        return new LocalAws(server, client, deployment);
    }

    static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30))).build();
    }

    DynamoDbClient client() {
        return client;
    }

    URI endpoint() {
        return server.endpoint();
    }

    /** The physical name of a table of the template, by logical id. */
    String table(String logicalId) {
        return table(deployment, logicalId);
    }

    static String table(Deployment deployment, String logicalId) {
        TableDef table = deployment.template().tables().stream().filter(t -> t.logicalId().equals(logicalId))
                .findFirst().orElseThrow(() -> new IllegalStateException("No table " + logicalId + " in template.yaml"));
        return deployment.tableName(table);
    }

    /**
     * The repository's template.yaml: {@code -Dbench.template}, else the first found from the
     * working directory or from this jar (benchmarks/target/…) upwards.
     */
    static Path template() {
        String configured = System.getProperty("bench.template", System.getProperty("passerelle.home") == null ? null
                : Path.of(System.getProperty("passerelle.home")).resolve("template.yaml").toString());
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path start : new Path[] {Path.of("").toAbsolutePath(), BenchmarkMain.functionsJar().toAbsolutePath()}) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("functions"))) {
                    return dir.resolve("template.yaml").normalize();
                }
            }
        }
        throw new IllegalStateException("template.yaml not found: run from the repository or set -Dbench.template");
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
